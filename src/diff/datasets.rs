//! What changed between two versions of a dataset's CSV, for files of any size.
//!
//! Neither file is ever held in memory: each is read as a stream, and each row is kept only
//! as two 64-bit hashes (of the whole row and of its first cell). Unchanged rows cancel out
//! in a hash multiset, so moving rows around is no change; the rows left over are added or
//! removed, and an added and a removed row with the same first cell (when that cell is
//! unique among the rows left over) are one changed row. Everything is linear in the number
//! of rows; a few rows of each kind are read again at the end as samples.

use super::FieldChange;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use xxhash_rust::xxh3::xxh3_64;

/// How many rows of each kind are shown.
pub const SAMPLE: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChanges {
    pub rows_before: u64,
    pub rows_after: u64,
    pub columns_before: Vec<String>,
    pub columns_after: Vec<String>,
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
    /// The column that tells a changed row from a removed and an added one: the first
    /// column, when both versions have it.
    pub key: Option<String>,
    pub added: u64,
    pub removed: u64,
    pub changed: u64,
    /// The first added rows, as in `columns_after`.
    pub sample_added: Vec<Vec<String>>,
    /// The first removed rows, as in `columns_before`.
    pub sample_removed: Vec<Vec<String>>,
    pub sample_changed: Vec<RowChange>,
}

/// A row whose key stayed and whose other cells changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowChange {
    pub key: String,
    /// The cells that changed, by column.
    pub cells: Vec<FieldChange>,
}

/// Compares two CSV files; `None` when they are byte for byte the same.
pub fn compare(old: &Path, new: &Path) -> io::Result<Option<RowChanges>> {
    if same_bytes(old, new)? {
        return Ok(None);
    }
    let columns_before = header(old)?;
    let columns_after = header(new)?;
    // Rows are compared on the columns both versions have, in the new order.
    let common: Vec<(usize, usize)> = columns_after
        .iter()
        .enumerate()
        .filter_map(|(n, name)| {
            columns_before
                .iter()
                .position(|c| c == name)
                .map(|o| (o, n))
        })
        .collect();
    let key = common.first().filter(|&&(_, n)| n == 0).copied();
    let old_cells: Vec<usize> = common.iter().map(|&(o, _)| o).collect();
    let new_cells: Vec<usize> = common.iter().map(|&(_, n)| n).collect();

    // Pass 1: every old row's hashes, and the multiset of old rows.
    let mut old_rows: Vec<(u64, u64)> = Vec::new();
    let mut unmatched: HashMap<u64, u32> = HashMap::new();
    let mut buffer = Vec::new();
    for_each_row(old, |_, record| {
        let row = hash_row(record, &old_cells, &mut buffer);
        old_rows.push((row, key.map_or(0, |(o, _)| hash_cell(record, o))));
        *unmatched.entry(row).or_default() += 1;
        true
    })?;
    // Pass 2: new rows not in the multiset were added (or changed).
    let mut added: Vec<(u64, usize)> = Vec::new();
    let mut rows_after = 0u64;
    for_each_row(new, |index, record| {
        rows_after += 1;
        let row = hash_row(record, &new_cells, &mut buffer);
        match unmatched.get_mut(&row) {
            Some(count) if *count > 0 => *count -= 1,
            _ => added.push((key.map_or(0, |(_, n)| hash_cell(record, n)), index)),
        }
        true
    })?;
    // Old rows still unmatched were removed (or changed).
    let mut removed: Vec<(u64, usize)> = Vec::new();
    for (index, (row, key_hash)) in old_rows.iter().enumerate() {
        if let Some(count) = unmatched.get_mut(row).filter(|c| **c > 0) {
            *count -= 1;
            removed.push((*key_hash, index));
        }
    }
    let rows_before = old_rows.len() as u64;
    drop(old_rows);
    drop(unmatched);

    // A key left over exactly once on each side is a changed row.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if key.is_some() {
        let mut counts: HashMap<u64, (u32, u32, usize)> = HashMap::new();
        for &(k, i) in &removed {
            let entry = counts.entry(k).or_insert((0, 0, i));
            entry.0 += 1;
        }
        for &(k, _) in &added {
            if let Some(entry) = counts.get_mut(&k) {
                entry.1 += 1;
            }
        }
        let paired_old: HashMap<u64, usize> = counts
            .into_iter()
            .filter(|(_, (r, a, _))| *r == 1 && *a == 1)
            .map(|(k, (_, _, i))| (k, i))
            .collect();
        added.retain(|&(k, new_index)| match paired_old.get(&k) {
            Some(&old_index) => {
                pairs.push((old_index, new_index));
                false
            }
            None => true,
        });
        let paired: HashSet<usize> = pairs.iter().map(|&(o, _)| o).collect();
        removed.retain(|(_, i)| !paired.contains(i));
    }

    // Samples: the first rows of each kind, read again.
    let shown_pairs = &pairs[..pairs.len().min(SAMPLE)];
    let want_new: HashSet<usize> = added
        .iter()
        .take(SAMPLE)
        .map(|&(_, i)| i)
        .chain(shown_pairs.iter().map(|&(_, n)| n))
        .collect();
    let want_old: HashSet<usize> = removed
        .iter()
        .take(SAMPLE)
        .map(|&(_, i)| i)
        .chain(shown_pairs.iter().map(|&(o, _)| o))
        .collect();
    let new_rows = read_rows(new, &want_new)?;
    let old_rows = read_rows(old, &want_old)?;
    let sample_changed = shown_pairs
        .iter()
        .map(|(o, n)| {
            let (before, after) = (&old_rows[o], &new_rows[n]);
            RowChange {
                key: after[0].clone(),
                cells: common
                    .iter()
                    .filter(|&&(oi, ni)| before[oi] != after[ni])
                    .map(|&(oi, ni)| FieldChange {
                        field: columns_after[ni].clone(),
                        old: Some(before[oi].clone()),
                        new: Some(after[ni].clone()),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Some(RowChanges {
        rows_before,
        rows_after,
        columns_added: missing(&columns_after, &columns_before),
        columns_removed: missing(&columns_before, &columns_after),
        key: key.map(|_| columns_after[0].clone()),
        added: added.len() as u64,
        removed: removed.len() as u64,
        changed: pairs.len() as u64,
        sample_added: added
            .iter()
            .take(SAMPLE)
            .map(|(_, i)| new_rows[i].clone())
            .collect(),
        sample_removed: removed
            .iter()
            .take(SAMPLE)
            .map(|(_, i)| old_rows[i].clone())
            .collect(),
        sample_changed,
        columns_before,
        columns_after,
    }))
}

fn missing(of: &[String], from: &[String]) -> Vec<String> {
    of.iter().filter(|c| !from.contains(c)).cloned().collect()
}

fn reader(path: &Path) -> io::Result<csv::Reader<BufReader<File>>> {
    let mut input = BufReader::with_capacity(1 << 16, File::open(path)?);
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input))
}

fn header(path: &Path) -> io::Result<Vec<String>> {
    Ok(reader(path)?
        .byte_headers()?
        .iter()
        .map(|c| String::from_utf8_lossy(c).trim().to_string())
        .collect())
}

/// Calls `each(index, row)` for the rows of `path` in order, until it returns false.
fn for_each_row(
    path: &Path,
    mut each: impl FnMut(usize, &csv::ByteRecord) -> bool,
) -> io::Result<()> {
    let mut reader = reader(path)?;
    let mut record = csv::ByteRecord::new();
    let mut index = 0;
    while reader.read_byte_record(&mut record)? {
        if !each(index, &record) {
            break;
        }
        index += 1;
    }
    Ok(())
}

/// The rows at `wanted` positions, reading no further than the last of them.
fn read_rows(path: &Path, wanted: &HashSet<usize>) -> io::Result<HashMap<usize, Vec<String>>> {
    let mut rows = HashMap::new();
    let Some(&last) = wanted.iter().max() else {
        return Ok(rows);
    };
    for_each_row(path, |index, record| {
        if wanted.contains(&index) {
            let cells = record
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            rows.insert(index, cells);
        }
        index < last
    })?;
    Ok(rows)
}

/// A hash of the cells at `columns`, each length-prefixed so that no two rows collide by
/// shifting text between cells. `bytes` is a buffer reused from row to row.
fn hash_row(record: &csv::ByteRecord, columns: &[usize], bytes: &mut Vec<u8>) -> u64 {
    bytes.clear();
    for &c in columns {
        let cell = record.get(c).unwrap_or_default();
        bytes.extend_from_slice(&(cell.len() as u64).to_le_bytes());
        bytes.extend_from_slice(cell);
    }
    xxh3_64(bytes)
}

fn hash_cell(record: &csv::ByteRecord, column: usize) -> u64 {
    xxh3_64(record.get(column).unwrap_or_default())
}

/// Whether two files hold the same bytes, read in blocks.
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (File::open(a)?, File::open(b)?);
    if a.metadata()?.len() != b.metadata()?.len() {
        return Ok(false);
    }
    let (mut block_a, mut block_b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut block_a)?;
        let m = read_full(&mut b, &mut block_b)?;
        if n != m || block_a[..n] != block_b[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(file: &mut File, block: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < block.len() {
        match file.read(&mut block[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn compare_texts(old: &str, new: &str) -> Option<RowChanges> {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        fs::write(&a, old).unwrap();
        fs::write(&b, new).unwrap();
        compare(&a, &b).unwrap()
    }

    #[test]
    fn identical_files_are_no_change() {
        assert_eq!(compare_texts("id,x\n1,a\n", "id,x\n1,a\n"), None);
    }

    #[test]
    fn tells_added_removed_and_changed_rows_apart() {
        let changes = compare_texts(
            "id,x,y\n1,a,p\n2,b,q\n3,c,r\n",
            "id,x,y\n3,c,r\n1,a,p\n2,B,q\n4,d,s\n",
        )
        .unwrap();
        assert_eq!((changes.rows_before, changes.rows_after), (3, 4));
        assert_eq!((changes.added, changes.removed, changes.changed), (1, 0, 1));
        assert_eq!(changes.sample_added, [["4", "d", "s"]]);
        assert_eq!(changes.sample_changed[0].key, "2");
        assert_eq!(
            changes.sample_changed[0].cells,
            [FieldChange {
                field: "x".into(),
                old: Some("b".into()),
                new: Some("B".into())
            }]
        );
    }

    #[test]
    fn a_key_left_over_twice_is_not_a_change_but_a_removal_and_an_addition() {
        let changes =
            compare_texts("year,v\n2020,1\n2020,2\n", "year,v\n2020,3\n2020,4\n").unwrap();
        assert_eq!((changes.added, changes.removed, changes.changed), (2, 2, 0));
        assert_eq!(changes.sample_removed, [["2020", "1"], ["2020", "2"]]);
    }

    #[test]
    fn added_columns_are_reported_and_rows_compared_on_the_others() {
        let changes = compare_texts("id,x\n1,a\n2,b\n", "id,x,z\n1,a,new\n2,b,new\n").unwrap();
        assert_eq!(changes.columns_added, ["z"]);
        assert_eq!((changes.added, changes.removed, changes.changed), (0, 0, 0));
    }

    #[test]
    fn duplicate_rows_count_as_many_times_as_they_occur() {
        let changes = compare_texts("id,x\n1,a\n1,a\n", "id,x\n1,a\n").unwrap();
        assert_eq!(changes.removed, 1);
        assert_eq!(changes.sample_removed, [["1", "a"]]);
    }
}
