//! The flagging job end to end: read the sales file, stream the comments
//! through the tagger in parallel batches into a [`StatsTable`], score.
//!
//! Memory is proportional to the number of products, not of comments: the
//! sales file and the table are per product, comments are read, tagged and
//! folded in one batch at a time. Results do not depend on the batch size or
//! the number of threads, because aggregation is a commutative monoid.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::flag::{score_table, FlagConfig, FlagReport};
use super::input::{CommentReader, SalesReader};
use super::period::PeriodIndex;
use super::tagger::CommentTagger;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::stats::product::StatsTable;
use crate::stats::product::{Category, CommentRecord, EvidenceText, ProductId, ProductKey};
use crate::tag::CommentTags;

/// Comments tagged together: enough to keep every core busy, few enough
/// that a batch's texts stay a few megabytes.
pub const DEFAULT_BATCH: usize = 8192;

/// How comments are read and folded into the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AggregateOptions {
    /// Read every comment as this language; `None` uses the file's `lang`
    /// column and otherwise lets the tagger detect it. Default `None`.
    pub lang: Option<Lang>,
    /// Whether evidence comments keep their text (needed by the HTML
    /// report). Default [`EvidenceText::Keep`].
    pub evidence_text: EvidenceText,
    /// Comments per parallel batch. Default [`DEFAULT_BATCH`].
    pub batch: usize,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions {
            lang: None,
            evidence_text: EvidenceText::Keep,
            batch: DEFAULT_BATCH,
        }
    }
}

/// The sales file, folded: one entry per (product, period) and the periods
/// each product was sold in.
#[derive(Debug, Clone, Default)]
pub struct SalesData {
    /// Sales per key, with categories.
    pub table: StatsTable,
    /// The periods of each product (empty without a `period` column).
    pub periods: PeriodIndex,
    /// Rows read.
    pub rows: u64,
}

/// Reads a whole sales file. Several rows of one (product, period) add up
/// (an export split by channel); a product given two different categories
/// is an error naming the second row.
pub fn read_sales<R: Read>(mut reader: SalesReader<R>) -> Result<SalesData> {
    let mut data = SalesData::default();
    let with_periods = reader.has_period();
    // First category seen per product, with its row, to name both rows of
    // a conflict.
    let mut categories: HashMap<ProductId, (Category, u64)> = HashMap::new();
    while let Some((row, rec)) = reader.next_row()? {
        if let Some(cat) = &rec.category {
            match categories.get(&rec.product_id) {
                Some((first, first_row)) if first != cat => {
                    return Err(Error::input(
                        reader.location(row, "category"),
                        format!(
                            "product {} has category `{cat}` here but `{first}` at row \
                             {first_row}: a product has one category",
                            rec.product_id
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    categories.insert(rec.product_id.clone(), (cat.clone(), row));
                }
            }
        }
        if with_periods {
            data.periods.add(&rec.product_id, rec.period.as_ref());
        }
        data.table.add_sales(&rec);
        data.rows += 1;
    }
    // Rows of a product that left the category empty take the one given
    // elsewhere, so every period of a product is grouped alike.
    if !categories.is_empty() {
        let keys: Vec<ProductKey> = data
            .table
            .iter()
            .filter(|(_, s)| s.category.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            if let Some((cat, _)) = categories.get(&key.product) {
                data.table.entry(key).category = Some(cat.clone());
            }
        }
    }
    Ok(data)
}

/// What [`aggregate_comments`] counted beyond the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AggregateCounts {
    /// Comments read.
    pub comments: u64,
    /// Comments placed in a period by guess (see [`super::period`]).
    pub period_guessed: u64,
}

/// Tags `comments` with `tagger` in parallel batches and folds them into
/// `table`, placing each in its product's period via `periods`. Stops at
/// the first read error.
pub fn aggregate_comments<I>(
    comments: I,
    tagger: &dyn CommentTagger,
    periods: &PeriodIndex,
    options: &AggregateOptions,
    table: &mut StatsTable,
) -> Result<AggregateCounts>
where
    I: IntoIterator<Item = Result<CommentRecord>>,
{
    let mut counts = AggregateCounts::default();
    let mut comments = comments.into_iter();
    let batch_size = options.batch.max(1);
    let mut batch: Vec<CommentRecord> = Vec::with_capacity(batch_size);
    loop {
        batch.clear();
        for c in comments.by_ref().take(batch_size) {
            batch.push(c?);
        }
        if batch.is_empty() {
            break;
        }
        let tags: Vec<CommentTags> = batch
            .par_iter()
            .map(|c| tagger.tag_comment(&c.text, options.lang.or(c.lang)))
            .collect();
        for (c, t) in batch.iter().zip(&tags) {
            let placed = periods.assign(c.product_id.as_str(), c.created_at.as_deref());
            counts.period_guessed += u64::from(placed.guessed);
            let key = ProductKey::with_period(c.product_id.clone(), placed.period);
            table.add_comment(key, c, t, options.evidence_text);
        }
        counts.comments += batch.len() as u64;
    }
    Ok(counts)
}

/// Runs the whole job on files: `sales` is optional (without it only the
/// contradiction rate is tested).
///
/// ```no_run
/// use nazar::anomaly::{flag_files, AggregateOptions, FlagConfig};
/// use nazar::Tagger;
///
/// let report = flag_files(
///     "comments.csv".as_ref(),
///     Some("sales.csv".as_ref()),
///     &Tagger::default(),
///     &AggregateOptions::default(),
///     &FlagConfig::default(),
/// )?;
/// for v in report.flagged() {
///     println!("{} {} {:?} q={}", v.product_id(), v.flags, v.direction, v.min_q());
/// }
/// # Ok::<(), nazar::Error>(())
/// ```
pub fn flag_files(
    comments: &Path,
    sales: Option<&Path>,
    tagger: &dyn CommentTagger,
    options: &AggregateOptions,
    config: &FlagConfig,
) -> Result<FlagReport> {
    // Checked first so a bad setting fails before a long read.
    config.validate()?;
    let sales = sales.map(SalesReader::open).transpose()?;
    flag_readers(
        CommentReader::open(comments)?,
        sales,
        tagger,
        options,
        config,
    )
}

/// Runs the whole job on CSV readers of any source (files, memory, a
/// network stream): what [`flag_files`] and the Python binding share, so
/// every front end validates and scores alike.
pub fn flag_readers<C: Read, S: Read>(
    comments: CommentReader<C>,
    sales: Option<SalesReader<S>>,
    tagger: &dyn CommentTagger,
    options: &AggregateOptions,
    config: &FlagConfig,
) -> Result<FlagReport> {
    config.validate()?;
    let sales = match sales {
        Some(reader) => read_sales(reader)?,
        None => SalesData::default(),
    };
    let SalesData {
        mut table, periods, ..
    } = sales;
    let counts = aggregate_comments(comments, tagger, &periods, options, &mut table)?;
    let mut report = score_table(table, config)?;
    report.summary.comments_period_guessed = counts.period_guessed;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::NoTagger;
    use crate::stats::product::Period;
    use crate::tag::Label;

    #[test]
    fn sales_rows_add_up_and_categories_must_agree() {
        let csv = "product_id,sales,category,period\n\
                   p,3,toys,2018-11\np,2,,2018-11\np,1,,2018-12\nq,0,books,\n";
        let data =
            read_sales(SalesReader::new(csv.as_bytes(), "s.csv").expect("header")).expect("valid");
        assert_eq!(data.rows, 4);
        let nov = ProductKey::with_period("p", Some(Period::from("2018-11")));
        let dec = ProductKey::with_period("p", Some(Period::from("2018-12")));
        let s = data.table.get(&nov).expect("nov");
        assert_eq!((s.sales, s.sales_rows), (5, 2));
        let d = data.table.get(&dec).expect("dec");
        assert_eq!(d.category, Some(Category::from("toys")), "filled in");
        assert_eq!(
            data.periods.assign("p", Some("2018-12-05")).period,
            dec.period
        );

        let csv = "product_id,sales,category\np,1,toys\nq,1,x\np,1,books\n";
        let err = read_sales(SalesReader::new(csv.as_bytes(), "s.csv").expect("header"))
            .expect_err("conflict");
        let msg = err.to_string();
        assert!(
            msg.contains("row 3") && msg.contains("column category"),
            "{msg}"
        );
        assert!(msg.contains("row 1") && msg.contains("toys"), "{msg}");
    }

    #[test]
    fn aggregation_is_independent_of_batch_size() {
        let rows: Vec<CommentRecord> = (0..50)
            .map(|i| CommentRecord {
                comment_id: i.to_string().into(),
                product_id: format!("p{}", i % 7).into(),
                text: "bom".into(),
                rating: Some((i % 6) as u8),
                created_at: None,
                lang: None,
            })
            .collect();
        let run = |batch: usize| {
            let mut t = StatsTable::new();
            let opts = AggregateOptions {
                batch,
                ..AggregateOptions::default()
            };
            let n = aggregate_comments(
                rows.iter().cloned().map(Ok),
                &NoTagger,
                &PeriodIndex::new(),
                &opts,
                &mut t,
            )
            .expect("aggregate");
            assert_eq!(n.comments, 50);
            t
        };
        let whole = run(1000);
        for batch in [0, 1, 3, 49] {
            assert_eq!(run(batch), whole, "batch {batch}");
        }
        let p0 = whole.get(&ProductKey::product("p0")).expect("p0");
        assert_eq!(p0.labels.neutral, p0.comments);
    }

    #[test]
    fn the_forced_language_reaches_the_tagger() {
        let seen = std::sync::Mutex::new(Vec::new());
        let tagger = |_: &str, lang: Option<Lang>| {
            seen.lock().expect("lock").push(lang);
            CommentTags {
                lang: lang.unwrap_or(Lang::En),
                label: Label::Neutral,
                score: 0.0,
                matches: vec![],
            }
        };
        let row = |lang| CommentRecord {
            comment_id: "1".into(),
            product_id: "p".into(),
            text: "x".into(),
            rating: None,
            created_at: None,
            lang,
        };
        let mut t = StatsTable::new();
        let rows = vec![row(Some(Lang::Pt)), row(None)];
        // One comment per batch keeps the calls in order.
        let auto = AggregateOptions {
            batch: 1,
            ..AggregateOptions::default()
        };
        aggregate_comments(
            rows.iter().cloned().map(Ok),
            &tagger,
            &PeriodIndex::new(),
            &auto,
            &mut t,
        )
        .expect("auto");
        let forced = AggregateOptions {
            lang: Some(Lang::Fa),
            ..auto
        };
        aggregate_comments(
            rows.into_iter().map(Ok),
            &tagger,
            &PeriodIndex::new(),
            &forced,
            &mut t,
        )
        .expect("fa");
        let got = seen.into_inner().expect("lock");
        assert_eq!(got, [Some(Lang::Pt), None, Some(Lang::Fa), Some(Lang::Fa)]);
    }
}
