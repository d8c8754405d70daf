package sessions

import (
	"errors"
	"log"
)

type User struct {
	Name   string
	Visits int
}

func (u *User) String() string {
	if u == nil {
		return "<nil>"
	}
	return u.Name
}

func describe(u *User) string {
	if u == nil {
		// ruleid: B032
		return u.Name
	}
	return u.Name
}

func visit(u *User) {
	if u == nil {
		// ruleid: B032
		u.Visits++
	}
}

func report(err error) {
	if err == nil {
		// ruleid: B032
		log.Printf("failed: %s", err.Error())
	}
}

func name(u *User) string {
	if u != nil {
		return u.Name
	} else {
		// ruleid: B032
		log.Println(u.Name)
	}
	return ""
}

func nilSafe(u *User) string {
	if u == nil {
		// ok: B032
		return u.String()
	}
	return u.Name
}

func ensure(u *User) *User {
	if u == nil {
		// ok: B032
		u = &User{}
		u.Name = "guest"
	}
	return u
}

func wrap(err error) error {
	if err == nil {
		// ok: B032
		return errors.New("missing")
	}
	return err
}
