package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

const baseDN = "ou=people,dc=example,dc=com"

const legacyLookup = false

var conn *ldap.Conn

func findMember(group string) (*ldap.SearchResult, error) {
	// ruleid: S007
	req := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(memberOf=cn="+group+",ou=groups)", []string{"dn"}, nil)
	return conn.Search(req)
}

func findMail(mail string) (*ldap.SearchResult, error) {
	// ok: S007
	req := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(mail="+ldap.EscapeFilter(mail)+")", []string{"dn"}, nil)
	return conn.Search(req)
}

func uidFilter(uid string) string {
	return fmt.Sprintf("(&(objectClass=person)(uid=%s))", uid)
}

func peopleHandler(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	// ruleid: S007
	byUser := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+user+")", []string{"cn"}, nil)
	// ruleid: S007
	byUID := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, uidFilter(r.FormValue("uid")), nil, nil)
	findMember(r.FormValue("group"))
	findMail(r.FormValue("mail"))
	// ok: S007
	safe := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+ldap.EscapeFilter(user)+")", nil, nil)
	no, _ := strconv.Atoi(r.FormValue("no"))
	// ok: S007
	byNumber := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(employeeNumber="+strconv.Itoa(no)+")", nil, nil)
	// ok: S007
	everyone := ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(objectClass=person)", nil, nil)
	for _, req := range []*ldap.SearchRequest{byUser, byUID, safe, byNumber, everyone} {
		conn.Search(req)
	}
}

func groupsHandler(w http.ResponseWriter, r *http.Request) {
	terms := []string{}
	terms = append(terms, "(ou="+r.PostFormValue("unit")+")")
	// ruleid: S007
	ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(|"+strings.Join(terms, "")+")", nil, nil)
	attrs := map[string]string{}
	attrs["title"] = r.PostFormValue("title")
	// ruleid: S007
	ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(title="+attrs["title"]+")", nil, nil)
	var filter strings.Builder
	filter.WriteString("(&(objectClass=person)(department=")
	filter.WriteString(r.PostFormValue("dept"))
	filter.WriteString("))")
	// ruleid: S007
	ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, filter.String(), nil, nil)
	name := r.FormValue("name")
	name = "admin"
	// ok: S007
	ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+name+")", nil, nil)
	if false {
		// ok: S007
		ldap.NewSearchRequest(baseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+r.FormValue("uid")+")", nil, nil)
	}
	if legacyLookup {
		// ok: S007
		ldap.NewSearchRequest(baseDN, ldap.ScopeSingleLevel, ldap.NeverDerefAliases, 0, 0, false, "(cn="+r.FormValue("cn")+")", nil, nil)
	}
	legacy := false
	if legacy {
		// ok: S007
		ldap.NewSearchRequest(baseDN, ldap.ScopeBaseObject, ldap.NeverDerefAliases, 0, 0, false, "(sn="+r.FormValue("sn")+")", nil, nil)
	}
}

func main() {
	http.HandleFunc("/people", peopleHandler)
	http.HandleFunc("/groups", groupsHandler)
	http.ListenAndServe(":8080", nil)
}
