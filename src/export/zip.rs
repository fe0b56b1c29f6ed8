//! The zip of all indicator data. Entries are sorted and carry a fixed timestamp, so the same
//! data always gives the same bytes.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `entries` (name, contents) in name order.
pub fn deterministic_zip(mut entries: Vec<(String, Vec<u8>)>) -> std::io::Result<Vec<u8>> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, contents) in entries {
        zip.start_file(name, options)?;
        zip.write_all(&contents)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "a.csv");
    }
}
