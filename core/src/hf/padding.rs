//! [`Padding`]: `tokenizers`' padding rule, applied to encoded rows.

use tokenizers::{PaddingDirection, PaddingParams, PaddingStrategy};

use super::Encoded;

/// `tokenizers`' padding (`pad_encodings`, `Encoding::pad`) applied to
/// [`Encoded`] rows rather than to `Encoding`s.
///
/// The [`Encoder`](super::Encoder) encodes every comment unpadded and pads
/// the rows once it has them all, with this. Padding `Encoding`s instead
/// costs a padded copy of every column, a `String` per pad position and its
/// word id among them, before the rows are even built: some 90 bytes per pad
/// position, a gigabyte for 7k comments padded to 1.5k tokens, and most of
/// the time spent encoding them.
///
/// Callers that keep rows unpadded and pad them as they leave (into Arrow
/// or numpy, say) get the same result from [`Padding::target`] and the pad
/// values of [`Padding::params`], or from [`Padding::pad`] row by row.
#[derive(Debug, Clone)]
pub struct Padding {
    params: PaddingParams,
}

impl From<PaddingParams> for Padding {
    fn from(params: PaddingParams) -> Self {
        Padding { params }
    }
}

impl Padding {
    /// The padding `params` describe.
    pub fn new(params: PaddingParams) -> Self {
        Padding { params }
    }

    /// The padding parameters: strategy, side, multiple, pad id, type id and
    /// token.
    pub fn params(&self) -> &PaddingParams {
        &self.params
    }

    /// Whether pad tokens go before the row's tokens.
    pub fn left(&self) -> bool {
        matches!(self.params.direction, PaddingDirection::Left)
    }

    /// The length rows shorter than it are padded to, given the length of
    /// the longest row of the batch: the fixed length or `longest`, rounded
    /// up to `pad_to_multiple_of`, as `pad_encodings` computes it. For one
    /// row alone (`tokenizers`' `encode`), pass its own length.
    pub fn target(&self, longest: usize) -> usize {
        let n = match self.params.strategy {
            PaddingStrategy::Fixed(n) => n,
            PaddingStrategy::BatchLongest => longest,
        };
        match self.params.pad_to_multiple_of {
            Some(m) if m > 0 && n % m > 0 => n + m - n % m,
            _ => n,
        }
    }

    /// Pads `row` to `len` tokens on the padding side, as `Encoding::pad`
    /// does: pad id and type id, attention mask 0, special-tokens mask 1,
    /// offsets `(0, 0)`, the pad token. A row of `len` tokens or more is left
    /// as it is.
    pub fn pad(&self, row: &mut Encoded, len: usize) {
        let n = len.saturating_sub(row.ids.len());
        if n == 0 {
            return;
        }
        let p = &self.params;
        let left = self.left();
        put(&mut row.ids, n, p.pad_id, left);
        put(&mut row.type_ids, n, p.pad_type_id, left);
        put(&mut row.attention_mask, n, 0, left);
        put(&mut row.special_tokens_mask, n, 1, left);
        put(&mut row.offsets, n, (0, 0), left);
        put(&mut row.char_offsets, n, (0, 0), left);
        put(&mut row.tokens, n, p.pad_token.clone(), left);
    }
}

/// Puts `n` copies of `value` before or after `v`'s items, growing it once
/// and to the exact length.
fn put<T: Clone>(v: &mut Vec<T>, n: usize, value: T, left: bool) {
    v.reserve_exact(n);
    let pads = std::iter::repeat_n(value, n);
    if left {
        v.splice(0..0, pads);
    } else {
        v.extend(pads);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn row(ids: &[u32]) -> Encoded {
        Encoded {
            ids: ids.to_vec(),
            type_ids: vec![0; ids.len()],
            attention_mask: vec![1; ids.len()],
            special_tokens_mask: vec![0; ids.len()],
            offsets: ids.iter().map(|&i| (i as usize, i as usize + 1)).collect(),
            char_offsets: ids.iter().map(|&i| (i as usize, i as usize + 1)).collect(),
            tokens: ids.iter().map(|i| i.to_string()).collect(),
            normalized: String::new(),
            lang: Lang::En,
        }
    }

    fn padding(strategy: PaddingStrategy, multiple: Option<usize>, left: bool) -> Padding {
        Padding::new(PaddingParams {
            strategy,
            direction: if left {
                PaddingDirection::Left
            } else {
                PaddingDirection::Right
            },
            pad_to_multiple_of: multiple,
            pad_id: 9,
            pad_type_id: 2,
            pad_token: "[PAD]".into(),
        })
    }

    #[test]
    fn target_is_pad_encodings_length() {
        let longest = padding(PaddingStrategy::BatchLongest, None, false);
        assert_eq!(longest.target(7), 7);
        let multiple = padding(PaddingStrategy::BatchLongest, Some(4), false);
        assert_eq!(multiple.target(7), 8);
        assert_eq!(multiple.target(8), 8);
        assert_eq!(multiple.target(0), 0);
        let fixed = padding(PaddingStrategy::Fixed(10), Some(4), false);
        assert_eq!(fixed.target(3), 12);
        assert_eq!(fixed.target(30), 12);
        assert_eq!(
            padding(PaddingStrategy::Fixed(10), Some(0), false).target(3),
            10
        );
    }

    #[test]
    fn pads_on_either_side_and_never_cuts() {
        let mut right = row(&[1, 2]);
        padding(PaddingStrategy::BatchLongest, None, false).pad(&mut right, 4);
        assert_eq!(right.ids, [1, 2, 9, 9]);
        assert_eq!(right.type_ids, [0, 0, 2, 2]);
        assert_eq!(right.attention_mask, [1, 1, 0, 0]);
        assert_eq!(right.special_tokens_mask, [0, 0, 1, 1]);
        assert_eq!(right.offsets, [(1, 2), (2, 3), (0, 0), (0, 0)]);
        assert_eq!(right.char_offsets, right.offsets);
        assert_eq!(right.tokens, ["1", "2", "[PAD]", "[PAD]"]);

        let mut left = row(&[1, 2]);
        padding(PaddingStrategy::BatchLongest, None, true).pad(&mut left, 3);
        assert_eq!(left.ids, [9, 1, 2]);
        assert_eq!(left.attention_mask, [0, 1, 1]);
        assert_eq!(left.offsets, [(0, 0), (1, 2), (2, 3)]);
        assert_eq!(left.tokens, ["[PAD]", "1", "2"]);

        let mut long = row(&[1, 2, 3]);
        padding(PaddingStrategy::Fixed(2), None, false).pad(&mut long, 2);
        assert_eq!(long, row(&[1, 2, 3]));
    }
}
