//! Zip archives of downloads. Entries are sorted and carry a fixed timestamp, so the same data
//! always gives the same bytes; each entry is compressed on its own thread, then the
//! compressed entries are assembled in order.

use rayon::prelude::*;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Zips `entries` (name, contents) in name order.
pub fn deterministic_zip(mut entries: Vec<(String, Vec<u8>)>) -> zip::result::ZipResult<Vec<u8>> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let compressed: Vec<zip::result::ZipResult<Vec<u8>>> = entries
        .par_iter()
        .map(|(name, contents)| {
            let mut single = ZipWriter::new(Cursor::new(Vec::new()));
            single.start_file(name.as_str(), options)?;
            single.write_all(contents)?;
            Ok(single.finish()?.into_inner())
        })
        .collect();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for archive in compressed {
        zip.merge_archive(ZipArchive::new(Cursor::new(archive?))?)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn same_entries_give_the_same_bytes_in_any_order() {
        let a = deterministic_zip(vec![
            ("b.csv".into(), b"2".to_vec()),
            ("a.csv".into(), b"1".to_vec()),
        ])
        .unwrap();
        let b = deterministic_zip(vec![
            ("a.csv".into(), b"1".to_vec()),
            ("b.csv".into(), b"2".to_vec()),
        ])
        .unwrap();
        assert_eq!(a, b);
        let mut archive = ZipArchive::new(Cursor::new(a)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "a.csv");
        let mut text = String::new();
        archive
            .by_name("b.csv")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "2");
    }
}
