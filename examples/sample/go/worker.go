package worker

import (
	"context"
	"errors"
	"time"
)

// Job is one unit of work.
type Job struct {
	ID      int
	Retries int
}

// Run processes jobs until the context ends, retrying failed jobs a few times.
func Run(ctx context.Context, jobs <-chan Job, handle func(Job) error) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case job, ok := <-jobs:
			if !ok {
				return nil
			}
			for attempt := 0; attempt <= job.Retries; attempt++ {
				err := handle(job)
				if err == nil {
					break
				}
				if errors.Is(err, context.Canceled) || attempt == job.Retries {
					return err
				}
				time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
			}
		}
	}
}
