//! A file written into a [`Sink`] as it is made, a chunk at a time: a large file (the catalog
//! of a 70,000-item plan is hundreds of megabytes) is never held in memory whole, nor grown by
//! doubling (which, at its last step, holds it once and a half more).

use super::Sink;
use crate::diag::Diagnostic;

/// An [`std::io::Write`] into one file of a sink. A file smaller than the sink's
/// [`Sink::chunk_bytes`] goes in with one [`Sink::put`] (so an unchanged file of the last output
/// is kept, as any other); a larger one with a `put` of its first chunk and
/// [`Sink::append`]s. [`finish`](Self::finish) writes the rest and says whether all went in.
pub struct SinkWriter<'s> {
    sink: &'s dyn Sink,
    path: String,
    buf: Vec<u8>,
    chunk: usize,
    begun: bool,
    bytes: u64,
    /// The sink's first error: `write` can only give an [`std::io::Error`].
    error: Option<Diagnostic>,
}

impl<'s> SinkWriter<'s> {
    pub fn new(sink: &'s dyn Sink, path: &str) -> Self {
        SinkWriter {
            sink,
            path: path.to_string(),
            buf: Vec::new(),
            chunk: sink.chunk_bytes(),
            begun: false,
            bytes: 0,
            error: None,
        }
    }

    /// Writes the file that `make` writes at `path`; returns its size, or the first error (the
    /// sink's, else `make`'s).
    pub fn write(
        sink: &'s dyn Sink,
        path: &str,
        make: impl FnOnce(&mut SinkWriter) -> std::io::Result<()>,
    ) -> Result<u64, Diagnostic> {
        let mut out = SinkWriter::new(sink, path);
        let made = make(&mut out);
        if let (Err(e), None) = (made, &out.error) {
            return Err(super::staging::io_error(std::path::Path::new(path), e));
        }
        out.finish()
    }

    /// Writes what is left; returns the file's size, or the sink's first error.
    pub fn finish(mut self) -> Result<u64, Diagnostic> {
        self.write_out()?;
        Ok(self.bytes)
    }

    /// Puts (or appends) what is kept.
    fn write_out(&mut self) -> Result<(), Diagnostic> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let done = if self.begun {
            self.sink.append(&self.path, &self.buf)
        } else {
            self.sink.put(&self.path, &self.buf)
        };
        self.begun = true;
        self.bytes += self.buf.len() as u64;
        self.buf.clear();
        done
    }
}

impl std::io::Write for SinkWriter<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        // After a failed write nothing more is kept: `finish` gives the sink's error.
        if let Some(e) = &self.error {
            return Err(std::io::Error::other(e.message.clone()));
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= self.chunk {
            if let Err(e) = self.write_out() {
                let message = e.message.clone();
                self.error = Some(e);
                return Err(std::io::Error::other(message));
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    /// A sink in memory with small chunks, counting its calls.
    #[derive(Default)]
    struct Small {
        files: crate::output::MemorySink,
        calls: std::sync::Mutex<Vec<(&'static str, usize)>>,
    }

    impl Sink for Small {
        fn put(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
            self.calls.lock().unwrap().push(("put", contents.len()));
            self.files.put(path, contents)
        }
        fn chunk_bytes(&self) -> usize {
            4
        }
        fn append(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
            self.calls.lock().unwrap().push(("append", contents.len()));
            self.files.append(path, contents)
        }
        fn put_same(&self, path: &str, original: &str) -> Result<(), Diagnostic> {
            self.files.put_same(path, original)
        }
        fn open(&self, path: &str) -> Result<Box<dyn std::io::Read + '_>, Diagnostic> {
            self.files.open(path)
        }
        fn size(&self, path: &str) -> u64 {
            self.files.size(path)
        }
        fn paths(&self) -> Vec<String> {
            self.files.paths()
        }
    }

    fn written(sink: &Small) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut file = sink.open("f").unwrap();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        bytes
    }

    #[test]
    fn a_small_file_goes_in_with_one_put() {
        let sink = Small::default();
        let mut w = SinkWriter::new(&sink, "f");
        w.write_all(b"abc").unwrap();
        assert_eq!(w.finish().unwrap(), 3);
        assert_eq!(*sink.calls.lock().unwrap(), [("put", 3)]);
        assert_eq!(written(&sink), b"abc");
    }

    #[test]
    fn a_large_file_goes_in_by_chunks_with_every_byte_in_order() {
        let sink = Small::default();
        let mut w = SinkWriter::new(&sink, "f");
        for part in [&b"ab"[..], b"cdef", b"g", b"hijklm", b"n"] {
            w.write_all(part).unwrap();
        }
        assert_eq!(w.finish().unwrap(), 14);
        let calls = sink.calls.lock().unwrap().clone();
        assert_eq!(calls, [("put", 6), ("append", 7), ("append", 1)]);
        assert_eq!(written(&sink), b"abcdefghijklmn");
    }
}
