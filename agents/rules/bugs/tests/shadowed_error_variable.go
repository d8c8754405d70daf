package files

import (
	"errors"
	"os"
)

func totalSize(paths []string) (int, error) {
	var err error
	sum := 0
	for _, p := range paths {
		// ruleid: B039
		data, err := os.ReadFile(p)
		if err != nil {
			break
		}
		sum += len(data)
	}
	if err != nil {
		return 0, err
	}
	return sum, nil
}

func openEither(a, b string, preferB bool) (*os.File, error) {
	f, err := os.Open(a)
	if preferB {
		// ruleid: B039
		g, err := os.Open(b)
		if err == nil {
			f = g
		}
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

func totalSizeFixed(paths []string) (int, error) {
	var err error
	sum := 0
	for _, p := range paths {
		var data []byte
		// ok: B039
		data, err = os.ReadFile(p)
		if err != nil {
			break
		}
		sum += len(data)
	}
	if err != nil {
		return 0, err
	}
	return sum, nil
}

func checkEach(paths []string) error {
	for _, p := range paths {
		// ok: B039
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		_ = info
	}
	// ok: B039
	if err := os.Remove("x"); err != nil {
		return err
	}
	return nil
}

func headerScoped(p string) error {
	var err error
	// ok: B039
	if f, err := os.Open(p); err == nil {
		f.Close()
	}
	if err != nil {
		return errors.New("unreachable")
	}
	return nil
}

func readAll(d interface{ ReadDir(int) ([]os.DirEntry, error) }) ([]os.FileInfo, error) {
	var list []os.FileInfo
	for {
		dirs, err := d.ReadDir(100)
		for _, dir := range dirs {
			// ok: B039
			info, err := dir.Info()
			if err != nil {
				continue
			}
			list = append(list, info)
		}
		if err != nil {
			return list, err
		}
	}
}
