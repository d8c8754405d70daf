//! Names in one file: import aliases, module names, callee paths and how they match the
//! specification's sources, sanitizers and trusted values.

use tree_sitter::Node;

use super::file::{FileTaint, Frame, collect_kind, first_identifier, leftmost};
use super::spec::Source;
use super::syntax::Role;
use crate::vocab::Language;

impl<'a> FileTaint<'a> {
    /// Import aliases: `import subprocess as sp`, `from os import system`,
    /// `import {exec} from "child_process"`, `import ex "os/exec"`.
    pub(super) fn collect_imports(&mut self, root: Node<'_>) {
        let mut cursor = root.walk();
        let tops: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
        for node in tops {
            match (self.language, node.kind()) {
                (Language::Python, "import_statement") => {
                    let mut c = node.walk();
                    for item in node.children_by_field_name("name", &mut c) {
                        if item.kind() == "aliased_import"
                            && let (Some(n), Some(a)) =
                                (self.syn.field(item, "name"), self.syn.field(item, "alias"))
                        {
                            self.aliases
                                .insert(self.text(a).to_owned(), self.text(n).to_owned());
                        }
                    }
                }
                (Language::Python, "import_from_statement") => {
                    let Some(module) = self.syn.field(node, "module_name") else {
                        continue;
                    };
                    let module = self.text(module).to_owned();
                    let mut c = node.walk();
                    for item in node.children_by_field_name("name", &mut c) {
                        let (name, alias) = if item.kind() == "aliased_import" {
                            (
                                self.syn.field(item, "name").map(|n| self.text(n)),
                                self.syn.field(item, "alias").map(|n| self.text(n)),
                            )
                        } else {
                            (Some(self.text(item)), Some(self.text(item)))
                        };
                        if let (Some(name), Some(alias)) = (name, alias) {
                            self.aliases
                                .insert(alias.to_owned(), format!("{module}.{name}"));
                        }
                    }
                }
                (Language::JavaScript, "import_statement") => self.js_import(node),
                (Language::Go, "import_declaration") => {
                    let mut specs = Vec::new();
                    collect_kind(node, "import_spec", &mut specs);
                    for spec in specs {
                        if let (Some(n), Some(p)) =
                            (self.syn.field(spec, "name"), self.syn.field(spec, "path"))
                        {
                            let path = self.text(p).trim_matches('"');
                            let last = path.rsplit('/').next().unwrap_or(path);
                            self.aliases
                                .insert(self.text(n).to_owned(), last.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn js_import(&mut self, node: Node<'_>) {
        let Some(source) = self.syn.field(node, "source") else {
            return;
        };
        let module = self.module_name(self.text(source));
        let mut names = Vec::new();
        collect_kind(node, "import_specifier", &mut names);
        for spec in names {
            let name = self.syn.field(spec, "name").map(|n| self.text(n));
            let alias = self.syn.field(spec, "alias").map(|n| self.text(n));
            if let Some(name) = name {
                self.aliases
                    .insert(alias.unwrap_or(name).to_owned(), format!("{module}.{name}"));
            }
        }
        let mut cursor = node.walk();
        for clause in node.named_children(&mut cursor) {
            if clause.kind() != "import_clause" {
                continue;
            }
            let mut c = clause.walk();
            for part in clause.named_children(&mut c) {
                let local = match part.kind() {
                    "identifier" => Some(part),
                    "namespace_import" => first_identifier(part, self.syn),
                    _ => None,
                };
                if let Some(local) = local {
                    self.aliases
                        .insert(self.text(local).to_owned(), module.clone());
                }
            }
        }
    }

    /// `"node:fs/promises"` → `fs.promises`.
    pub fn module_name(&self, quoted: &str) -> String {
        let name = quoted.trim_matches(['"', '\'', '`']);
        let name = name.strip_prefix("node:").unwrap_or(name);
        match self.spec.modules.get(name) {
            Some(m) => m.clone(),
            None => name.replace('/', "."),
        }
    }

    /// A callee or member written as a dotted path (`cursor().execute`).
    pub fn path(&self, node: Node<'_>) -> String {
        match self.syn.role(node) {
            Some(Role::Ident) => self.text(node).to_owned(),
            Some(Role::Member(object, property)) => {
                let object = self
                    .syn
                    .field(node, object)
                    .map_or_else(|| "?".to_owned(), |o| self.path(o));
                // C# `Query<Order>`: the type arguments are not part of the name.
                let property = self.syn.field(node, property).map_or("?", |p| self.text(p));
                let property = property.split('<').next().unwrap_or(property).trim_end();
                format!("{object}.{property}")
            }
            Some(Role::Call(callee, _)) => {
                if let Some(module) = self.required_module(node) {
                    return module;
                }
                let inner = match (self.syn.field(node, "object"), self.syn.field(node, callee)) {
                    (Some(o), Some(c)) => format!("{}.{}", self.path(o), self.text(c)),
                    (None, Some(c)) => self.path(c),
                    _ => "?".to_owned(),
                };
                format!("{inner}()")
            }
            Some(Role::Index(object)) => {
                let object = self
                    .syn
                    .field(node, object)
                    .map_or_else(|| "?".to_owned(), |o| self.path(o));
                format!("{object}[]")
            }
            _ => {
                let text = self.text(node);
                if text.len() <= 40
                    && text
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '$')
                {
                    text.to_owned()
                } else {
                    "?".to_owned()
                }
            }
        }
    }

    /// `require("fs")` → the module's name.
    fn required_module(&self, call: Node<'_>) -> Option<String> {
        if self.language != Language::JavaScript {
            return None;
        }
        let callee = self.syn.field(call, "function")?;
        if self.text(callee) != "require" {
            return None;
        }
        let arg = self.syn.field(call, "arguments")?.named_child(0)?;
        (arg.kind() == "string").then(|| self.module_name(self.text(arg)))
    }

    /// The module path a value names, when it is a module (or a member of one) rather than data.
    pub fn alias_of(&self, f: &Frame, value: Node<'_>) -> Option<String> {
        match self.syn.role(value) {
            Some(Role::Call(..)) => self.required_module(value),
            Some(Role::Member(..)) => {
                let path = self.path(value);
                if path.contains('(') && !path.starts_with(|c: char| c.is_alphanumeric()) {
                    return None;
                }
                let resolved = self.resolve(f, &path);
                let from_require = self.syn.role(value).is_some_and(|_| {
                    leftmost(value, self.syn).is_some_and(|n| self.required_module(n).is_some())
                });
                (resolved != path || from_require).then_some(resolved)
            }
            _ => None,
        }
    }

    /// Replaces an aliased first segment by its module path; drops Java and C# package and
    /// namespace prefixes (`java.nio.file.Paths.get` is `Paths.get`).
    pub fn resolve(&self, f: &Frame, path: &str) -> String {
        let end = path.find(['.', '(', '[']).unwrap_or(path.len());
        let first = &path[..end];
        if f.env.contains_key(first) {
            return path.to_owned();
        }
        if let Some(short) = self.without_namespace(path, first) {
            return short;
        }
        match f.aliases.get(first).or_else(|| self.aliases.get(first)) {
            Some(module) => format!("{module}{}", &path[end..]),
            None => path.to_owned(),
        }
    }

    /// `java.nio.file.Paths.get` → `Paths.get`; `System.IO.File.ReadAllBytes` →
    /// `File.ReadAllBytes`.
    fn without_namespace(&self, path: &str, first: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('.').collect();
        match self.language {
            Language::Java if first.starts_with(|c: char| c.is_ascii_lowercase()) => {
                let at = segments
                    .iter()
                    .position(|s| s.starts_with(|c: char| c.is_ascii_uppercase()))?;
                (at > 0 && at + 1 < segments.len()).then(|| segments[at..].join("."))
            }
            Language::CSharp if matches!(first, "System" | "Microsoft") && segments.len() > 2 => {
                Some(segments[segments.len() - 2..].join("."))
            }
            _ => None,
        }
    }

    pub fn source_read(&self, path: &str, resolved: &str) -> Option<&'a Source> {
        let spec = self.spec;
        spec.source_reads
            .first(path, resolved)
            .map(|i| &spec.sources[i])
    }

    pub fn source_call(&self, path: &str, resolved: &str) -> Option<&'a Source> {
        let spec = self.spec;
        spec.source_calls
            .first(path, resolved)
            .map(|i| &spec.sources[i])
    }

    pub fn sanitizer(&self, path: &str, resolved: &str) -> Option<u64> {
        self.spec
            .sanitizer_calls
            .first(path, resolved)
            .map(|i| self.spec.sanitizers[i].1)
    }

    pub fn trusted(&self, path: &str) -> bool {
        self.spec.trusted_paths.first(path, path).is_some()
    }
}
