//! Apache Parquet export (feature `parquet`): one row per event, one column
//! per [`EventSummary`] field. Lists (associated actors, sources, PLOVER
//! context) are `"; "`-joined strings, as in the CSV, so every tool reads them.

use std::io::Write;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, UInt32Type, UInt8Type};
use arrow_array::{
    Array, ArrayRef, Float32Array, Float64Array, RecordBatch, StringArray, UInt32Array, UInt8Array,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::api::{ActorRef, EventSummary};
use crate::export::ExportError;

fn perr(e: impl std::fmt::Display) -> ExportError {
    ExportError::Other(format!("parquet: {e}"))
}

const STR: &[&str] = &[
    "id",
    "date",
    "plover_type",
    "plover_mode",
    "plover_context",
    "acled_event_type",
    "acled_sub_event_type",
    "cameo_root",
    "actor1",
    "actor1_id",
    "assoc_actor1",
    "actor2",
    "actor2_id",
    "assoc_actor2",
    "location",
    "country",
    "admin1",
    "admin2",
    "status",
    "claimant",
    "sources",
    "summary",
    "first_seen",
    "date_source",
    "place_source",
];

fn schema() -> Schema {
    let mut fields: Vec<Field> = Vec::new();
    for name in STR {
        let required = matches!(
            *name,
            "id" | "plover_type"
                | "acled_event_type"
                | "acled_sub_event_type"
                | "status"
                | "summary"
        );
        fields.push(Field::new(*name, DataType::Utf8, !required));
    }
    fields.push(Field::new("time_precision", DataType::UInt8, false));
    fields.push(Field::new("actor1_inter", DataType::UInt8, true));
    fields.push(Field::new("actor2_inter", DataType::UInt8, true));
    fields.push(Field::new("geo_precision", DataType::UInt8, true));
    fields.push(Field::new("lat", DataType::Float64, true));
    fields.push(Field::new("lon", DataType::Float64, true));
    for n in ["killed", "injured", "abducted", "arrested"] {
        fields.push(Field::new(n, DataType::UInt32, true));
    }
    fields.push(Field::new("n_sources", DataType::UInt32, false));
    fields.push(Field::new("n_reports", DataType::UInt32, false));
    fields.push(Field::new("confidence", DataType::Float32, false));
    Schema::new(fields)
}

fn join(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join("; "))
}

fn string_value(e: &EventSummary, name: &str) -> Option<String> {
    let a = |r: &Option<ActorRef>| r.as_ref().map(|a| a.name.clone());
    let aid = |r: &Option<ActorRef>| r.as_ref().and_then(|a| a.id.clone());
    match name {
        "id" => Some(e.id.clone()),
        "date" => e.date.clone(),
        "plover_type" => Some(e.plover_type.clone()),
        "plover_mode" => e.plover_mode.clone(),
        "plover_context" => join(&e.plover_context),
        "acled_event_type" => Some(e.acled_event_type.clone()),
        "acled_sub_event_type" => Some(e.acled_sub_event_type.clone()),
        "cameo_root" => e.cameo_root.clone(),
        "actor1" => a(&e.actor1),
        "actor1_id" => aid(&e.actor1),
        "assoc_actor1" => join(&e.assoc_actor1),
        "actor2" => a(&e.actor2),
        "actor2_id" => aid(&e.actor2),
        "assoc_actor2" => join(&e.assoc_actor2),
        "location" => e.location.clone(),
        "country" => e.country.clone(),
        "admin1" => e.admin1.clone(),
        "admin2" => e.admin2.clone(),
        "status" => Some(e.status.clone()),
        "claimant" => e.claimant.clone(),
        "sources" => join(&e.sources),
        "summary" => Some(e.summary.clone()),
        "first_seen" => e.first_seen.clone(),
        "date_source" => e.date_source.clone(),
        "place_source" => e.place_source.clone(),
        _ => None,
    }
}

fn batch(rows: &[EventSummary], schema: &Arc<Schema>) -> Result<RecordBatch, ExportError> {
    let mut cols: Vec<ArrayRef> = Vec::new();
    for name in STR {
        let v: Vec<Option<String>> = rows.iter().map(|e| string_value(e, name)).collect();
        cols.push(Arc::new(StringArray::from(v)));
    }
    cols.push(Arc::new(UInt8Array::from(
        rows.iter().map(|e| e.time_precision).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt8Array::from(
        rows.iter()
            .map(|e| e.actor1.as_ref().and_then(|a| a.inter))
            .collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt8Array::from(
        rows.iter()
            .map(|e| e.actor2.as_ref().and_then(|a| a.inter))
            .collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt8Array::from(
        rows.iter().map(|e| e.geo_precision).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(Float64Array::from(
        rows.iter().map(|e| e.lat).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(Float64Array::from(
        rows.iter().map(|e| e.lon).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt32Array::from(
        rows.iter().map(|e| e.killed).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt32Array::from(
        rows.iter().map(|e| e.injured).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt32Array::from(
        rows.iter().map(|e| e.abducted).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt32Array::from(
        rows.iter().map(|e| e.arrested).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt32Array::from(
        rows.iter().map(|e| e.n_sources).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(UInt32Array::from(
        rows.iter().map(|e| e.n_reports).collect::<Vec<_>>(),
    )));
    cols.push(Arc::new(Float32Array::from(
        rows.iter().map(|e| e.confidence).collect::<Vec<_>>(),
    )));
    RecordBatch::try_new(schema.clone(), cols).map_err(perr)
}

/// Write rows as one Parquet file (Snappy-compressed, 64k-row batches).
pub fn write_parquet<W: Write + Send>(rows: &[EventSummary], w: W) -> Result<(), ExportError> {
    let schema = Arc::new(schema());
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(w, schema.clone(), Some(props)).map_err(perr)?;
    for chunk in rows.chunks(65_536) {
        writer.write(&batch(chunk, &schema)?).map_err(perr)?;
    }
    writer.close().map_err(perr)?;
    Ok(())
}

fn split(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// Read a Parquet file written by [`write_parquet`].
pub fn read_parquet(bytes: Vec<u8>) -> Result<Vec<EventSummary>, ExportError> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .map_err(perr)?
        .build()
        .map_err(perr)?;
    let mut out = Vec::new();
    for b in reader {
        let b = b.map_err(perr)?;
        let col = |name: &str| {
            b.column_by_name(name)
                .ok_or_else(|| perr(format!("no column {name}")))
        };
        let s = |name: &str, i: usize| -> Result<Option<String>, ExportError> {
            let c = col(name)?;
            let c = c
                .as_string_opt::<i32>()
                .ok_or_else(|| perr(format!("{name} is not a string column")))?;
            Ok(c.is_valid(i).then(|| c.value(i).to_string()))
        };
        let u8c = |name: &str, i: usize| -> Result<Option<u8>, ExportError> {
            let c = col(name)?;
            let c = c
                .as_primitive_opt::<UInt8Type>()
                .ok_or_else(|| perr(format!("{name} is not UInt8")))?;
            Ok(c.is_valid(i).then(|| c.value(i)))
        };
        let u32c = |name: &str, i: usize| -> Result<Option<u32>, ExportError> {
            let c = col(name)?;
            let c = c
                .as_primitive_opt::<UInt32Type>()
                .ok_or_else(|| perr(format!("{name} is not UInt32")))?;
            Ok(c.is_valid(i).then(|| c.value(i)))
        };
        let f64c = |name: &str, i: usize| -> Result<Option<f64>, ExportError> {
            let c = col(name)?;
            let c = c
                .as_primitive_opt::<Float64Type>()
                .ok_or_else(|| perr(format!("{name} is not Float64")))?;
            Ok(c.is_valid(i).then(|| c.value(i)))
        };
        let conf = col("confidence")?;
        let conf = conf
            .as_primitive_opt::<Float32Type>()
            .ok_or_else(|| perr("confidence is not Float32"))?;
        for i in 0..b.num_rows() {
            let actor = |n: &str| -> Result<Option<ActorRef>, ExportError> {
                Ok(match s(n, i)? {
                    Some(name) => Some(ActorRef {
                        id: s(&format!("{n}_id"), i)?,
                        name,
                        inter: u8c(&format!("{n}_inter"), i)?,
                    }),
                    None => None,
                })
            };
            out.push(EventSummary {
                id: s("id", i)?.unwrap_or_default(),
                date: s("date", i)?,
                time_precision: u8c("time_precision", i)?.unwrap_or(0),
                plover_type: s("plover_type", i)?.unwrap_or_default(),
                plover_mode: s("plover_mode", i)?,
                plover_context: split(s("plover_context", i)?),
                acled_event_type: s("acled_event_type", i)?.unwrap_or_default(),
                acled_sub_event_type: s("acled_sub_event_type", i)?.unwrap_or_default(),
                cameo_root: s("cameo_root", i)?,
                actor1: actor("actor1")?,
                assoc_actor1: split(s("assoc_actor1", i)?),
                actor2: actor("actor2")?,
                assoc_actor2: split(s("assoc_actor2", i)?),
                location: s("location", i)?,
                country: s("country", i)?,
                admin1: s("admin1", i)?,
                admin2: s("admin2", i)?,
                lat: f64c("lat", i)?,
                lon: f64c("lon", i)?,
                geo_precision: u8c("geo_precision", i)?,
                killed: u32c("killed", i)?,
                injured: u32c("injured", i)?,
                abducted: u32c("abducted", i)?,
                arrested: u32c("arrested", i)?,
                status: s("status", i)?.unwrap_or_default(),
                claimant: s("claimant", i)?,
                n_sources: u32c("n_sources", i)?.unwrap_or(0),
                n_reports: u32c("n_reports", i)?.unwrap_or(0),
                sources: split(s("sources", i)?),
                summary: s("summary", i)?.unwrap_or_default(),
                confidence: conf.value(i),
                first_seen: s("first_seen", i)?,
                date_source: s("date_source", i)?,
                place_source: s("place_source", i)?,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{write_all, Format};

    #[test]
    fn parquet_round_trips() {
        let rows = crate::export::tests::rows();
        let mut buf = Vec::new();
        write_all(Format::Parquet, &rows, &mut buf).unwrap();
        assert_eq!(&buf[..4], b"PAR1");
        assert_eq!(read_parquet(buf).unwrap(), rows);
    }
}
