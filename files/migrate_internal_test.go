package files

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub"
)

// corruptingDisk is a directory whose writes flip a byte on the way, as a
// faulty disk or a proxy mangling uploads would.
type corruptingDisk struct{ diskStore }

func (c corruptingDisk) put(ctx context.Context, key string, f *os.File, size int64, ctype string) (bool, error) {
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, size/2); err != nil {
		return false, err
	}
	b[0] ^= 0x20
	if _, err := f.WriteAt(b, size/2); err != nil {
		return false, err
	}
	return c.diskStore.put(ctx, key, f, size, ctype)
}

func TestMigrateRemovesCopyThatDoesNotVerify(t *testing.T) {
	ctx := context.Background()
	src, err := NewStore(filepath.Join(t.TempDir(), "source"))
	if err != nil {
		t.Fatal(err)
	}
	stored, err := src.Save(ctx, "notes.txt", strings.NewReader("Notes de la réunion du comité\n"), DefaultMaterialLimits)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "destination")
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		t.Fatal(err)
	}
	m := &migration{src: src, dst: &Store{tmp: filepath.Join(dir, "tmp"), b: corruptingDisk{diskStore{dir: dir}}}}
	f := &MigratedFile{Key: stored.Key, Refs: []creatorclub.FileReference{{Key: stored.Key, Size: stored.Size, SHA256: stored.SHA256, ContentType: TypeText}}}
	if got := m.migrateFile(ctx, f); got != failed || f.Err == nil || !strings.Contains(f.Err.Error(), "verify:") {
		t.Fatalf("corrupted copy: outcome %v, %v", got, f.Err)
	}
	if _, err := os.Stat(diskStore{dir: dir}.path(stored.Key)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the copy that did not verify is still at the destination: %v", err)
	}
	if left, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(left) != 0 {
		t.Errorf("staging directory holds %v", left)
	}
}
