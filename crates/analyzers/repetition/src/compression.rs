//! The compression ratio's numerator: the size of a text as a raw DEFLATE stream, by
//! `miniz_oxide` at a fixed level, counted through a fixed buffer with one compressor per thread.

/// The DEFLATE level of the compression ratio (miniz_oxide's fastest: the ratio is an index of
/// repetitiveness, comparable between documents, not a file size).
pub const COMPRESSION_LEVEL: u8 = 1;

std::thread_local! {
    /// A compressor and its output buffer per thread, reset for each text (they are large: making
    /// them for every document costs more than compressing a short one).
    static DEFLATE: std::cell::RefCell<Option<(Box<miniz_oxide::deflate::core::CompressorOxide>, Vec<u8>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The size of `data` as a raw DEFLATE stream at [`COMPRESSION_LEVEL`] (the length of
/// `miniz_oxide::deflate::compress_to_vec(data, COMPRESSION_LEVEL)`), counted through a 64 KiB
/// buffer instead of held.
pub fn deflated_len(data: &[u8]) -> u64 {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    DEFLATE.with_borrow_mut(|slot| {
        let (compressor, buffer) = slot.get_or_insert_with(|| {
            let flags = create_comp_flags_from_zip_params(COMPRESSION_LEVEL.into(), 0, 0);
            (Box::new(CompressorOxide::new(flags)), vec![0u8; 1 << 16])
        });
        compressor.reset();
        let (mut input, mut total) = (data, 0u64);
        loop {
            let (status, read, written) = compress(compressor, input, buffer, TDEFLFlush::Finish);
            total += written as u64;
            match status {
                TDEFLStatus::Okay if read <= input.len() => input = &input[read..],
                _ => return total,
            }
        }
    })
}
