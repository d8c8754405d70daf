package misc

func Handle(u *User, w Writer) error {
	// ruleid: R011
	if !u.Active {
		Archive(u)
	} else {
		Notify(u)
	}
	err := w.Flush()
	// ruleid: R014
	if err != nil {
		return err
	}
	return nil
}

func Other(w Writer) error {
	if err := w.Flush(); err != nil {
		return err
	}
	err := w.Close()
	// ok: R014
	if err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

func Third(w Writer) error {
	err := w.Flush()
	// ok: R014
	if err != nil {
		return err
	}
	w.Reset()
	return nil
}
