package jobs

import "context"

// AnalyzeAttempt runs analysis id as an attempt of its job would, final
// saying whether it is the job's last.
func (o *Observatory) AnalyzeAttempt(ctx context.Context, id int64, final bool) error {
	return o.analyze(ctx, id, final)
}
