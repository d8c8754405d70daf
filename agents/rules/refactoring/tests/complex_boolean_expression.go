package access

func Allowed(u *User, d *Doc, now int64) bool {
	// ruleid: R001
	if u != nil && u.Active && !u.Locked && (u.Admin || d.Owner == u.ID) {
		return true
	}
	// ok: R001
	if u != nil && u.Active && !u.Locked {
		return true
	}
	// ruleid: R001
	return d.Shared || d.Owner == u.ID || u.Admin || now < d.Expiry || d.Open
}
