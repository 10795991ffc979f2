package creatorclub_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
)

func multiple() creatorclub.QuizQuestion {
	// Two right answers (0 and 2) among four.
	return creatorclub.QuizQuestion{Kind: creatorclub.QuestionMultiple, Text: "Quelles mentions ?", Choices: []creatorclub.QuizChoice{
		{Text: "Publicité", Correct: true}, {Text: "#sp"}, {Text: "Collaboration commerciale", Correct: true}, {Text: "Merci à la marque"}}}
}

func TestQuestionCreditPartialRule(t *testing.T) {
	single := creatorclub.QuizQuestion{Kind: creatorclub.QuestionSingle, Text: "?", Choices: []creatorclub.QuizChoice{{Text: "a"}, {Text: "b", Correct: true}, {Text: "c"}}}
	tf := creatorclub.QuizQuestion{Kind: creatorclub.QuestionTrueFalse, Text: "?", Choices: []creatorclub.QuizChoice{{Text: "Vrai", Correct: true}, {Text: "Faux"}}}
	m := multiple()
	three := creatorclub.QuizQuestion{Kind: creatorclub.QuestionMultiple, Text: "?", Choices: []creatorclub.QuizChoice{
		{Text: "a", Correct: true}, {Text: "b", Correct: true}, {Text: "c", Correct: true}, {Text: "d"}}}
	tests := []struct {
		name   string
		q      creatorclub.QuizQuestion
		chosen []int
		want   float64
	}{
		{"single right", single, []int{1}, 1},
		{"single wrong", single, []int{0}, 0},
		{"single with two ticks is wrong even if one is right", single, []int{0, 1}, 0},
		{"single nothing", single, nil, 0},
		{"true/false right", tf, []int{0}, 1},
		{"true/false wrong", tf, []int{1}, 0},
		{"multiple all right", m, []int{0, 2}, 1},
		{"multiple half", m, []int{2}, 0.5},
		{"multiple one right one wrong cancels", m, []int{0, 1}, 0},
		{"multiple everything ticked earns nothing", m, []int{0, 1, 2, 3}, 0},
		{"multiple only wrong never negative", m, []int{1, 3}, 0},
		{"multiple duplicates count once", m, []int{0, 0, 0}, 0.5},
		{"multiple out of range ignored", m, []int{0, 2, 9, -1}, 1},
		{"three right: two of them", three, []int{0, 1}, 2.0 / 3},
		{"three right: all and the wrong one", three, []int{0, 1, 2, 3}, 2.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.QuestionCredit(tt.chosen); got < tt.want-1e-9 || got > tt.want+1e-9 {
				t.Errorf("credit = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQuizScore(t *testing.T) {
	q := &creatorclub.Quiz{PassingScore: 70, Questions: []creatorclub.QuizQuestion{
		{Kind: creatorclub.QuestionTrueFalse, Text: "1", Choices: []creatorclub.QuizChoice{{Text: "Vrai", Correct: true}, {Text: "Faux"}}},
		{Kind: creatorclub.QuestionTrueFalse, Text: "2", Choices: []creatorclub.QuizChoice{{Text: "Vrai"}, {Text: "Faux", Correct: true}}},
		multiple(),
	}}
	score, credits := q.Score([][]int{{0}, {1}, {0, 2}})
	if score != 100 || !slices.Equal(credits, []float64{1, 1, 1}) {
		t.Errorf("all right: %d %v", score, credits)
	}
	// 1 + 0 + 0.5 = 1.5 of 3: 50 %.
	if score, _ := q.Score([][]int{{0}, {0}, {2}}); score != 50 {
		t.Errorf("half: %d, want 50", score)
	}
	// 2 of 3 is 66.66…: rounded down to 66, which fails a 70 % threshold
	// but passes 66 %.
	if score, _ := q.Score([][]int{{0}, {1}, {1}}); score != 66 {
		t.Errorf("two thirds: %d, want 66", score)
	}
	if score, _ := q.Score(nil); score != 0 {
		t.Errorf("nothing answered: %d", score)
	}
}

func validQuiz() *creatorclub.Quiz {
	return &creatorclub.Quiz{PassingScore: 80, MaxAttempts: 3, Questions: []creatorclub.QuizQuestion{
		{Kind: creatorclub.QuestionSingle, Text: "Q1", Choices: []creatorclub.QuizChoice{{Text: "a", Correct: true}, {Text: "b"}}},
		multiple(),
	}}
}

func TestQuizValidate(t *testing.T) {
	if err := validQuiz().Validate(); err != nil {
		t.Fatalf("valid quiz: %v", err)
	}
	tests := []struct {
		name   string
		change func(q *creatorclub.Quiz)
		want   string
	}{
		{"passing score above 100 %", func(q *creatorclub.Quiz) { q.PassingScore = 101 }, "quiz_passing_score_invalid"},
		{"passing score 0", func(q *creatorclub.Quiz) { q.PassingScore = 0 }, "quiz_passing_score_invalid"},
		{"negative attempts", func(q *creatorclub.Quiz) { q.MaxAttempts = -1 }, "quiz_attempts_invalid"},
		{"no questions", func(q *creatorclub.Quiz) { q.Questions = nil }, "quiz_no_questions"},
		{"no correct answer", func(q *creatorclub.Quiz) {
			q.Questions[1].Choices[0].Correct, q.Questions[1].Choices[2].Correct = false, false
		},
			"quiz_question_no_correct|2"},
		{"two correct in single choice", func(q *creatorclub.Quiz) { q.Questions[0].Choices[1].Correct = true }, "quiz_question_one_correct|1"},
		{"one choice", func(q *creatorclub.Quiz) { q.Questions[0].Choices = q.Questions[0].Choices[:1] }, "quiz_question_two_choices|1"},
		{"empty text", func(q *creatorclub.Quiz) { q.Questions[1].Text = "  " }, "quiz_question_text_required|2"},
		{"unknown kind", func(q *creatorclub.Quiz) { q.Questions[0].Kind = "essay" }, "quiz_question_kind_invalid|1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := validQuiz()
			tt.change(q)
			err := q.Validate()
			if creatorclub.ErrorCode(err) != creatorclub.EINVALID || creatorclub.ErrorMessage(err) != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
}

func TestCheckAnswers(t *testing.T) {
	q := validQuiz()
	if err := q.CheckAnswers([][]int{{0}, {0, 2}}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][][]int{nil, {{0}}, {{0, 1}, {0}}, {{}, {0}}, {{5}, {0}}, {{0}, {0, 0}}} {
		if err := q.CheckAnswers(bad); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("%v: %v, want EINVALID", bad, err)
		}
	}
}

func TestShuffleOrderIsAPermutation(t *testing.T) {
	q := validQuiz()
	q.Questions = append(q.Questions, creatorclub.QuizQuestion{Kind: creatorclub.QuestionTrueFalse, Text: "tf",
		Choices: []creatorclub.QuizChoice{{Text: "Vrai", Correct: true}, {Text: "Faux"}}})
	r := rand.New(rand.NewPCG(1, 2))
	differs := false
	for range 20 {
		order, choices := q.ShuffleOrder(r)
		sorted := slices.Sorted(slices.Values(order))
		if !slices.Equal(sorted, []int{0, 1, 2}) {
			t.Fatalf("order %v is not a permutation", order)
		}
		if !slices.Equal(choices[2], []int{0, 1}) {
			t.Errorf("true/false choices moved: %v", choices[2])
		}
		if !slices.Equal(order, []int{0, 1, 2}) {
			differs = true
		}
	}
	if !differs {
		t.Error("order never shuffled in 20 tries")
	}
}

func TestEmbedVideo(t *testing.T) {
	good := map[string]string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ":      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
		"https://youtu.be/dQw4w9WgXcQ":                     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
		"https://vimeo.com/76979871":                       "https://player.vimeo.com/video/76979871",
		"https://peertube.example.fr/w/9c9de5e8-0a1e-484a": "https://peertube.example.fr/videos/embed/9c9de5e8-0a1e-484a",
		"https://video.club.fr/videos/watch/abc_DEF-123":   "https://video.club.fr/videos/embed/abc_DEF-123",
	}
	for in, want := range good {
		v, err := creatorclub.EmbedVideo(in)
		if err != nil || v.EmbedURL != want || !strings.HasPrefix(want, v.Origin) {
			t.Errorf("%s: %+v %v, want %s", in, v, err, want)
		}
	}
	for _, bad := range []string{"http://www.youtube.com/watch?v=x", "https://evil.example/", "javascript:alert(1)",
		"https://www.youtube.com/watch?v=<script>", "https://vimeo.com/abc", "https://user@www.youtube.com/watch?v=abc", ""} {
		if _, err := creatorclub.EmbedVideo(bad); creatorclub.ErrorCode(err) != creatorclub.EINVALID {
			t.Errorf("%q: %v, want EINVALID", bad, err)
		}
	}
}

func TestCertificateStatus(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	var nilCert *creatorclub.CourseCertificate
	cases := []struct {
		c    *creatorclub.CourseCertificate
		want string
	}{
		{nilCert, creatorclub.CertificateUnknown},
		{&creatorclub.CourseCertificate{}, creatorclub.CertificateValid},
		{&creatorclub.CourseCertificate{ExpiresAt: &later}, creatorclub.CertificateValid},
		{&creatorclub.CourseCertificate{ExpiresAt: &earlier}, creatorclub.CertificateExpired},
		{&creatorclub.CourseCertificate{ExpiresAt: &later, RevokedAt: &earlier}, creatorclub.CertificateRevoked},
	}
	for i, c := range cases {
		if got := c.c.StatusAt(now); got != c.want {
			t.Errorf("%d: %s, want %s", i, got, c.want)
		}
	}
	if got := creatorclub.AddMonths(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), 1); got.Day() != 28 || got.Month() != 2 {
		t.Errorf("AddMonths clamps: %v", got)
	}
	if creatorclub.NormalizeCertificateCode(" abcd-efgh ") != "ABCDEFGH" || creatorclub.FormatCertificateCode("ABCDEFGH") != "ABCD-EFGH" {
		t.Error("code formatting")
	}
}
