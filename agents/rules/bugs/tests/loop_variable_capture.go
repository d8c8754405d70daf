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

func runSplit(jobs []Job, critical *errgroup.Group, wg *sync.WaitGroup) {
	for i, job := range jobs {
		if i == 0 {
			// ruleid: B037
			critical.Go(func() error {
				return job.Run()
			})
		} else if job.Name == "" {
			wg.Add(1)
			// ruleid: B037
			go func() {
				defer wg.Done()
				_ = job.Run()
			}()
		} else {
			// ruleid: B037
			defer func() { fmt.Println(i) }()
		}
	}
}

func runNested(groups [][]Job) {
	for _, group := range groups {
		for range group {
			// ruleid: B037
			go func() { fmt.Println(len(group)) }()
		}
	}
}

func runBranchCopied(jobs []Job) {
	for i, job := range jobs {
		if i > 0 {
			job := job
			// ok: B037
			go func() { _ = job.Run() }()
		}
		// ok: B037
		func() { fmt.Println(job.Name) }()
	}
}

func runKinds(jobs []Job, rounds int) {
	for _, job := range jobs {
		switch job.Name {
		case "":
			// ok: B037
			fmt.Println("unnamed")
		default:
			// ruleid: B037
			go func() { _ = job.Run() }()
		}
	}
	for r := 0; r < rounds; r++ {
		for _, job := range jobs {
			if job.Name == "" {
				// ruleid: B037
				defer func() { fmt.Println(r) }()
			} else if job.Name == "x" {
				// ruleid: B037
				go func() { fmt.Println(r, job.Name) }()
			}
		}
	}
}
