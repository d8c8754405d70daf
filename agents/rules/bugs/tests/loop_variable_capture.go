package jobs

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

type Job struct{ Name string }

func (j Job) Run() error { return nil }

func runAll(jobs []Job) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		// ruleid: B037
		go func() {
			defer wg.Done()
			if err := job.Run(); err != nil {
				fmt.Println(job.Name, err)
			}
		}()
	}
	wg.Wait()
}

func printAll(n int) {
	for i := 0; i < n; i++ {
		// ruleid: B037
		defer func() { fmt.Println(i) }()
	}
}

func runGroup(jobs []Job) error {
	var g errgroup.Group
	for _, job := range jobs {
		// ruleid: B037
		g.Go(func() error {
			return job.Run()
		})
	}
	return g.Wait()
}

func runAllPassed(jobs []Job) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		// ok: B037
		go func(job Job) {
			defer wg.Done()
			_ = job.Run()
		}(job)
	}
	wg.Wait()
}

func runAllCopied(jobs []Job) {
	for _, job := range jobs {
		job := job
		// ok: B037
		go func() { _ = job.Run() }()
	}
}

func runIndependent(jobs []Job, done chan struct{}) {
	for range jobs {
		// ok: B037
		go func() { done <- struct{}{} }()
	}
}

func hammer(n int, get func() error) {
	for i := 0; i < n; i++ {
		// ok: B037
		go func() {
			for i := 0; i < 10; i++ {
				_ = get()
			}
		}()
	}
}

func initOnce(onces []*sync.Once, names []string) {
	for i, name := range names {
		// ok: B037
		onces[i].Do(func() { fmt.Println(name) })
	}
}
