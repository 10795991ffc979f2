package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub/app"
	"github.com/creatorclub/creatorclub/files"
	"github.com/creatorclub/creatorclub/files/filestest"
)

// serveWithS3 parses the serve flags args (after a data directory and port
// 0 of its own, and the bucket's secret key in the environment) and runs the
// club; it returns the Main, to close, and Run's error.
func serveWithS3(t *testing.T, srv *filestest.S3, args ...string) (*app.Main, error) {
	t.Helper()
	t.Setenv("CREATORCLUB_S3_SECRET_KEY", srv.Config.SecretKey)
	m := app.NewMain()
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	var stderr bytes.Buffer
	full := append([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, args...)
	if err := m.ParseFlags("serve", full, &stderr); err != nil {
		t.Fatalf("serve %v: %v %s", args, err, stderr.String())
	}
	err := m.Run(context.Background())
	t.Cleanup(func() { m.Close() })
	return m, err
}

func TestServeKeepsFilesInS3Bucket(t *testing.T) {
	srv := filestest.StartFake(t)
	m, err := serveWithS3(t, srv, "--s3-endpoint", srv.Config.Endpoint, "--s3-bucket", srv.Config.Bucket,
		"--s3-access-key", srv.Config.AccessKey, "--s3-region", "us-east-1", "--s3-prefix", "club/")
	if err != nil {
		t.Fatal(err)
	}
	st, err := m.Server.Files.Save(context.Background(), "ordre-du-jour.txt", strings.NewReader("Ordre du jour"), files.DefaultMaterialLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Objects(t, ""); len(got) != 1 || got[0] != "club/"+st.Key {
		t.Errorf("bucket holds %v, want club/%s", got, st.Key)
	}
	// Nothing but the empty temporary directory on disk.
	if got, _ := filepath.Glob(filepath.Join(m.Config.DataDir, "files", "*", "*")); len(got) != 0 {
		t.Errorf("data directory holds %v", got)
	}
	if res, err := http.Get(m.URL + "/"); err != nil || res.StatusCode != 200 {
		t.Errorf("home page: %v %v", res, err)
	} else {
		res.Body.Close()
	}
}

func TestServeRefusesUnusableS3Bucket(t *testing.T) {
	srv := filestest.StartFake(t)
	stopped := httptest.NewServer(http.NotFoundHandler())
	stopped.Close()
	for _, tt := range []struct {
		endpoint, bucket, want string
	}{
		{srv.Config.Endpoint, "pas-de-seau", `bucket "pas-de-seau" does not exist`},
		{stopped.URL, srv.Config.Bucket, "cannot reach bucket"},
	} {
		m, err := serveWithS3(t, srv, "--s3-endpoint", tt.endpoint, "--s3-bucket", tt.bucket, "--s3-access-key", srv.Config.AccessKey)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("serve with bucket %s at %s: %v, want an error saying %q", tt.bucket, tt.endpoint, err, tt.want)
		}
		if m.HTTP != nil {
			t.Errorf("serve with bucket %s at %s listens although the bucket is unusable", tt.bucket, tt.endpoint)
		}
	}
}

func TestServeS3ConfigErrors(t *testing.T) {
	t.Setenv("CREATORCLUB_S3_SECRET_KEY", "")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--s3-bucket", "club"}, "endpoint missing"},
		{[]string{"--s3-endpoint", "s3.example.org"}, "bucket missing"},
		{[]string{"--s3-endpoint", "s3.example.org", "--s3-bucket", "club", "--s3-access-key", "AK"}, "secret key"},
		{[]string{"--s3-endpoint", "https://s3.example.org/club", "--s3-bucket", "club"}, "without a path"},
	} {
		m := app.NewMain()
		var stderr bytes.Buffer
		err := m.ParseFlags("serve", tt.args, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "CREATORCLUB_S3_") {
			t.Errorf("serve %v: %v, want an error saying %q and naming the variables", tt.args, err, tt.want)
		}
	}
}

func TestBackupSaysUploadedFilesAreApart(t *testing.T) {
	out, _, err := cli(t, []string{"--data-dir", t.TempDir()}, "backup", filepath.Join(t.TempDir(), "copie.db"))
	if err != nil || !strings.Contains(out, "backup written") || !strings.Contains(out, "uploaded files are not in it") || !strings.Contains(out, "S3 bucket") {
		t.Fatalf("backup: %q %v", out, err)
	}
}
