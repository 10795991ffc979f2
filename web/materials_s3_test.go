package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/files/filestest"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// uploadMaterial posts a file to an event's management page as c and
// returns the status and body.
func (e *env) uploadMaterial(c *http.Client, eventID int64, name string, content []byte) (int, string) {
	e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	req, err := http.NewRequest("POST", e.ts.URL+fmt.Sprintf("/gestion/evenements/%d/supports", eventID), &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// TestMaterialsInS3Bucket runs the materials of an event through the web
// pages with the files kept in an S3 bucket (an in-process S3 server over
// HTTP): upload by staff, download and ranged download by a member, refusal
// of a disguised file, deletion.
func TestMaterialsInS3Bucket(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		bucket := filestest.StartFake(t)
		bucket.Config.Prefix = "supports"
		clk := useClock(db)
		e := newEnv(t, db)
		e.srv.Files = bucket.Store(t)

		ev := e.event(creatorclub.AudienceMembers)
		mc := e.signIn(e.user(creatorclub.RoleMember))
		e.post(mc, fmt.Sprintf("/evenements/%d/inscription", ev.ID), nil)
		modc := e.signIn(e.user(creatorclub.RoleModerator))

		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\n% Supports de la masterclass\ntrailer<<>>\n%%EOF\n")
		if code, body := e.uploadMaterial(modc, ev.ID, "supports-masterclass.pdf", pdf); code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", code, body)
		}
		mats, err := db.ListMaterials(ctx, ev.ID)
		if err != nil || len(mats) != 1 {
			t.Fatalf("materials: %+v %v", mats, err)
		}
		if got := bucket.Objects(t, ""); len(got) != 1 || got[0] != "supports/"+mats[0].Key {
			t.Fatalf("bucket holds %v, want supports/%s", got, mats[0].Key)
		}

		link := fmt.Sprintf("/evenements/%d/supports/%d", ev.ID, mats[0].ID)
		clk.Set(ev.StartsAt.Add(time.Minute))
		r := e.get(mc, link)
		if r.code != 200 || r.body != string(pdf) || r.hdr.Get("Content-Type") != "application/pdf" ||
			r.hdr.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(r.hdr.Get("Content-Disposition"), "supports-masterclass.pdf") {
			t.Fatalf("member download: %d %q %v", r.code, r.body, r.hdr)
		}
		// A resumed download asks for a range.
		r = e.get(mc, link, "Range", "bytes=9-29")
		if r.code != http.StatusPartialContent || r.body != string(pdf[9:30]) {
			t.Fatalf("ranged download: %d %q, want 206 %q", r.code, r.body, pdf[9:30])
		}

		// An HTML page named .pdf is refused and nothing reaches the bucket.
		if code, body := e.uploadMaterial(modc, ev.ID, "slides.pdf", []byte("<html><script>alert(1)</script></html>")); code != 400 || !strings.Contains(body, "Type de fichier") {
			t.Fatalf("disguised upload: %d", code)
		}
		if got := bucket.Objects(t, ""); len(got) != 1 {
			t.Fatalf("bucket holds %v after a refused upload", got)
		}

		// Deleting the material removes the object.
		if r := e.post(modc, fmt.Sprintf("/gestion/evenements/%d/supports/%d/supprimer", ev.ID, mats[0].ID), nil); r.code != http.StatusSeeOther {
			t.Fatalf("delete: %d %s", r.code, r.body)
		}
		if got := bucket.Objects(t, ""); len(got) != 0 {
			t.Fatalf("bucket holds %v after the deletion", got)
		}
		if r := e.get(mc, link); r.code != 404 {
			t.Fatalf("download after deletion: %d", r.code)
		}

		// An object lost from the bucket is a plain "not found" for the member.
		if code, _ := e.uploadMaterial(modc, ev.ID, "programme.pdf", pdf); code != http.StatusSeeOther {
			t.Fatalf("second upload: %d", code)
		}
		mats, _ = db.ListMaterials(ctx, ev.ID)
		if len(mats) != 1 {
			t.Fatalf("materials: %+v", mats)
		}
		if err := bucket.Client.RemoveObject(ctx, bucket.Config.Bucket, "supports/"+mats[0].Key, minio.RemoveObjectOptions{}); err != nil {
			t.Fatal(err)
		}
		if r := e.get(mc, fmt.Sprintf("/evenements/%d/supports/%d", ev.ID, mats[0].ID)); r.code != 404 {
			t.Fatalf("download of a lost object: %d %s", r.code, r.body)
		}
	})
}
