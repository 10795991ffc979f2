package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/demo"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// TestSeedCourses checks the demo upgrade module: published in French and
// English, at least five lessons, a valid ten-question quiz, mandatory for
// every certified member with a yearly refresher, and passable.
func TestSeedCourses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		acc, err := demo.Seed(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		// Seeding again adds nothing.
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		courses, err := db.ListCourses(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]*creatorclub.Course{}
		for _, c := range courses {
			if byTitle[c.Title] != nil {
				t.Errorf("course %q twice", c.Title)
			}
			byTitle[c.Title] = c
		}
		for _, title := range []string{demo.LawCourseTitle, demo.LawCourseTitleEN} {
			c0 := byTitle[title]
			if c0 == nil {
				t.Fatalf("no course %q in %v", title, byTitle)
			}
			c, err := db.FindCourse(ctx, c0.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Lessons) < 5 || c.Quiz == nil || len(c.Quiz.Questions) != 10 || c.RefresherMonths != 12 {
				t.Fatalf("%s: %d lessons, quiz %+v", title, len(c.Lessons), c.Quiz)
			}
			if err := c.Quiz.Validate(); err != nil {
				t.Errorf("%s quiz: %v", title, err)
			}
			kinds := map[string]bool{}
			for _, q := range c.Quiz.Questions {
				kinds[q.Kind] = true
			}
			if len(kinds) != 3 {
				t.Errorf("%s: question kinds %v", title, kinds)
			}
		}
		// Each module is marked with its language, so that French pages mark
		// the English one with lang="en"; a club seeded before courses had
		// a language gets its English module marked on the next seed.
		if got := byTitle[demo.LawCourseTitle].Language; got != creatorclub.LanguageFrench {
			t.Errorf("French module in %q", got)
		}
		en := byTitle[demo.LawCourseTitleEN]
		if en.Language != creatorclub.LanguageEnglish {
			t.Errorf("English module in %q", en.Language)
		}
		if _, err := db.Write.ExecContext(ctx, `UPDATE courses SET language = 'fr' WHERE id = $1`, en.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		if c, err := db.FindCourse(ctx, en.ID); err != nil || c.Language != creatorclub.LanguageEnglish || c.Status != creatorclub.CoursePublished {
			t.Errorf("English module after a new seed: %+v %v", c, err)
		}
		fr, _ := db.FindCourse(ctx, byTitle[demo.LawCourseTitle].ID)
		var all strings.Builder
		for _, l := range fr.Lessons {
			all.WriteString(l.Body)
		}
		for _, fact := range []string{"2023-451", "article 1", "Publicité", "Collaboration commerciale", "2024-978", "formulation équivalente",
			"Images retouchées", "Images virtuelles", "1 000 € hors taxes", "2025-1137", "nicotine", "améliorable"} {
			if !strings.Contains(all.String(), fact) {
				t.Errorf("French lessons lack %q", fact)
			}
		}
		// Mandatory for the demo member, who can pass it with the right answers.
		lea, err := db.FindUserByEmail(ctx, acc.Member)
		if err != nil {
			t.Fatal(err)
		}
		duties, err := db.CourseDuties(ctx, lea.ID)
		if err != nil || len(duties) != 1 || duties[0].CourseID != fr.ID || duties[0].Status != creatorclub.DutyDue {
			t.Fatalf("duties: %+v %v", duties, err)
		}
		a, err := db.StartAttempt(ctx, lea.ID, fr.ID)
		if err != nil {
			t.Fatal(err)
		}
		answers := make([][]int, len(fr.Quiz.Questions))
		for i, q := range fr.Quiz.Questions {
			for j, c := range q.Choices {
				if c.Correct {
					answers[i] = append(answers[i], j)
				}
			}
		}
		got, cert, err := db.SubmitAttempt(ctx, lea.ID, a.ID, answers)
		if err != nil || got.Score != 100 || cert == nil {
			t.Fatalf("pass: %+v %v", got, err)
		}
	})
}
