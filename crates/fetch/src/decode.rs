//! Content-Encoding decoding done by hand (not by the HTTP client) so both sizes are capped while streaming:
//! the raw bytes on the wire and the decompressed body (a gzip bomb stops at the body cap).

use std::io::Write;

/// Why decoding stopped.
#[derive(Debug)]
pub(crate) enum DecodeError {
    /// The decompressed body passed the cap.
    TooLarge,
    /// A Content-Encoding this client does not speak.
    Unsupported(String),
    /// The compressed stream is corrupt or truncated.
    Corrupt(String),
}

/// A `Vec` that refuses to grow past `cap` (the decoder's sink).
pub(crate) struct Capped {
    bytes: Vec<u8>,
    cap: usize,
    exceeded: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            self.exceeded = true;
            return Err(std::io::Error::other("decompressed body over the cap"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Brotli's internal buffer per write (the crate's own default).
const BROTLI_BUFFER: usize = 4096;

/// A streaming decoder for one response body.
pub(crate) enum BodyDecoder {
    Identity(Capped),
    Gzip(Box<flate2::write::GzDecoder<Capped>>),
    /// HTTP `deflate` is the zlib format (RFC 9110 §8.4.1.2).
    Deflate(Box<flate2::write::ZlibDecoder<Capped>>),
    Brotli(Box<brotli::DecompressorWriter<Capped>>),
}

impl BodyDecoder {
    /// A decoder for the response's `Content-Encoding` (absent or `identity`: none), keeping at most `cap`
    /// decoded bytes.
    pub(crate) fn new(content_encoding: Option<&str>, cap: usize) -> Result<Self, DecodeError> {
        let sink = Capped { bytes: Vec::new(), cap, exceeded: false };
        let encoding = content_encoding.map(|e| e.trim().to_ascii_lowercase()).unwrap_or_default();
        Ok(match encoding.as_str() {
            "" | "identity" => BodyDecoder::Identity(sink),
            "gzip" | "x-gzip" => BodyDecoder::Gzip(Box::new(flate2::write::GzDecoder::new(sink))),
            "deflate" => BodyDecoder::Deflate(Box::new(flate2::write::ZlibDecoder::new(sink))),
            "br" => BodyDecoder::Brotli(Box::new(brotli::DecompressorWriter::new(sink, BROTLI_BUFFER))),
            other => return Err(DecodeError::Unsupported(other.to_string())),
        })
    }

    fn sink(&self) -> &Capped {
        match self {
            BodyDecoder::Identity(s) => s,
            BodyDecoder::Gzip(d) => d.get_ref(),
            BodyDecoder::Deflate(d) => d.get_ref(),
            BodyDecoder::Brotli(d) => d.get_ref(),
        }
    }

    fn classify(&self, e: std::io::Error) -> DecodeError {
        if self.sink().exceeded { DecodeError::TooLarge } else { DecodeError::Corrupt(e.to_string()) }
    }

    /// Feed the next raw chunk.
    pub(crate) fn write(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        let result = match self {
            BodyDecoder::Identity(s) => s.write_all(chunk),
            BodyDecoder::Gzip(d) => d.write_all(chunk),
            BodyDecoder::Deflate(d) => d.write_all(chunk),
            BodyDecoder::Brotli(d) => d.write_all(chunk),
        };
        result.map_err(|e| self.classify(e))
    }

    /// The decoded body, once the raw stream ended.
    pub(crate) fn finish(self) -> Result<Vec<u8>, DecodeError> {
        let corrupt = |e: std::io::Error| DecodeError::Corrupt(e.to_string());
        let sink = match self {
            BodyDecoder::Identity(s) => s,
            BodyDecoder::Gzip(d) => d.finish().map_err(corrupt)?,
            BodyDecoder::Deflate(d) => d.finish().map_err(corrupt)?,
            BodyDecoder::Brotli(d) => {
                d.into_inner().map_err(|_| DecodeError::Corrupt("truncated brotli".into()))?
            }
        };
        if sink.exceeded { Err(DecodeError::TooLarge) } else { Ok(sink.bytes) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).expect("gzip");
        e.finish().expect("gzip")
    }

    #[test]
    fn gzip_decodes_in_chunks_and_stops_at_the_cap() {
        let data = b"<rss>hello</rss>".repeat(1000);
        let packed = gzip(&data);
        let mut d = BodyDecoder::new(Some("gzip"), data.len()).expect("gzip");
        for chunk in packed.chunks(7) {
            d.write(chunk).expect("fits");
        }
        assert_eq!(d.finish().expect("decoded"), data);
        let mut small = BodyDecoder::new(Some("gzip"), 100).expect("gzip");
        let r = packed.chunks(64).try_for_each(|c| small.write(c));
        assert!(matches!(r, Err(DecodeError::TooLarge)), "{r:?}");
    }

    #[test]
    fn corrupt_and_unknown_encodings_are_errors() {
        let mut d = BodyDecoder::new(Some("gzip"), 1000).expect("gzip");
        let r = d.write(b"definitely not gzip").and_then(|()| d.finish().map(|_| ()));
        assert!(matches!(r, Err(DecodeError::Corrupt(_))), "{r:?}");
        assert!(matches!(BodyDecoder::new(Some("zstd"), 10), Err(DecodeError::Unsupported(_))));
        let mut id = BodyDecoder::new(None, 3).expect("identity");
        assert!(matches!(id.write(b"abcd"), Err(DecodeError::TooLarge)));
    }
}
