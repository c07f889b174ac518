//! A user's alias file: canonical names and the other names they go by.
//!
//! ```toml
//! [aliases]
//! "Sergei Ryabkov" = ["Ryabkov", "Russia's deputy foreign minister"]
//! "Nato" = ["NATO", "the alliance", "North Atlantic Treaty Organization"]
//! ```
//!
//! After an article's actors are resolved, an actor whose name or any alias equals one of
//! these (case-folded, curly apostrophes straightened) takes the canonical name; actors of
//! one article that map to the same canonical name merge.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

use super::Cast;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasTable {
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase().replace('’', "'")
}

impl AliasTable {
    pub fn from_file(path: &Path) -> Result<AliasTable> {
        let src = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        toml::from_str(&src).map_err(|e| Error::Config { path: path.to_path_buf(), message: e.to_string() })
    }

    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }

    /// The canonical name for a surface form, if the table knows it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let f = fold(name);
        self.aliases
            .iter()
            .find(|(canon, alts)| fold(canon) == f || alts.iter().any(|a| fold(a) == f))
            .map(|(canon, _)| canon.as_str())
    }

    /// Renames actors to their canonical names and merges actors that share one.
    pub fn apply(&self, cast: &mut Cast) {
        if self.is_empty() {
            return;
        }
        for a in &mut cast.actors {
            let canon = std::iter::once(&a.name).chain(a.aliases.iter()).find_map(|n| self.canonical(n)).map(str::to_string);
            if let Some(c) = canon {
                if !a.aliases.contains(&a.name) {
                    a.aliases.push(a.name.clone());
                }
                a.name = c;
            }
        }
        // Merge duplicates: the first actor with a name keeps it; later ones point to it.
        let mut first_of: BTreeMap<String, usize> = BTreeMap::new();
        let mut target: Vec<usize> = (0..cast.actors.len()).collect();
        for (i, a) in cast.actors.iter().enumerate() {
            let t = *first_of.entry(a.name.clone()).or_insert(i);
            target[i] = t;
        }
        for i in 0..cast.actors.len() {
            let t = target[i];
            if t != i {
                let (mentions, aliases) = (cast.actors[i].mentions.clone(), cast.actors[i].aliases.clone());
                cast.actors[t].mentions.extend(mentions);
                for al in aliases {
                    if !cast.actors[t].aliases.contains(&al) {
                        cast.actors[t].aliases.push(al);
                    }
                }
            }
        }
        for s in cast.speaker_of.iter_mut().flatten() {
            s.0 = target[s.0];
        }
        // Keep only the surviving actors, renumbered in order.
        let keep: Vec<usize> = (0..cast.actors.len()).filter(|&i| target[i] == i).collect();
        let new_id: BTreeMap<usize, usize> = keep.iter().enumerate().map(|(n, &o)| (o, n)).collect();
        let mut actors = Vec::with_capacity(keep.len());
        for &o in &keep {
            let mut a = cast.actors[o].clone();
            a.id.0 = new_id[&o];
            a.mentions.sort();
            actors.push(a);
        }
        cast.actors = actors;
        for s in cast.speaker_of.iter_mut().flatten() {
            s.0 = new_id[&s.0];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Article;
    use crate::pipeline::find_quotes;

    #[test]
    fn aliases_rename_and_merge_actors() {
        let table: AliasTable = toml::from_str("[aliases]\n\"NATO\" = [\"Nato\", \"the alliance\"]\n").unwrap();
        let text = "“We are ready,” Nato said on Monday.\n“We will not move,” the alliance said later.";
        let mut a = find_quotes(Article::new("x", text));
        assert_eq!(a.cast.actors.len(), 2);
        table.apply(&mut a.cast);
        assert_eq!(a.cast.actors.len(), 1);
        assert_eq!(a.cast.actors[0].name, "NATO");
        assert_eq!(a.cast.speaker_of, vec![Some(crate::actors::ActorId(0)); 2]);
    }
}
