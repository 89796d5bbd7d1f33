//! `JSON.stringify` as JavaScript writes it, for strings the CDK builds with it (a target's
//! `Input`): compact, JavaScript number formatting, and JavaScript's property order (array-index
//! keys first, ascending, then the other keys in insertion order).

use serde_json::Value;

/// The compact JSON text JavaScript's `JSON.stringify` writes for `value`.
pub fn js_json_stringify(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&js_number(n)),
        Value::String(s) => out.push_str(&serde_json::to_string(s).expect("strings serialize")),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut index_keys: Vec<(u32, &String, &Value)> = map
                .iter()
                .filter_map(|(k, v)| array_index(k).map(|i| (i, k, v)))
                .collect();
            index_keys.sort_by_key(|(i, _, _)| *i);
            let others = map.iter().filter(|(k, _)| array_index(k).is_none());
            out.push('{');
            for (n, (k, v)) in index_keys
                .into_iter()
                .map(|(_, k, v)| (k, v))
                .chain(others)
                .enumerate()
            {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).expect("strings serialize"));
                out.push(':');
                write_value(out, v);
            }
            out.push('}');
        }
    }
}

/// A key JavaScript treats as an array index: the canonical decimal form of 0 ..= 2^32 - 2.
fn array_index(key: &str) -> Option<u32> {
    let n: u32 = key.parse().ok()?;
    (n != u32::MAX && n.to_string() == key).then_some(n)
}

/// JavaScript's `Number.prototype.toString()` of a JSON number.
fn js_number(n: &serde_json::Number) -> String {
    const SAFE: u64 = 1 << 53;
    if let Some(u) = n.as_u64() {
        if u < SAFE {
            return u.to_string();
        }
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() < SAFE {
            return i.to_string();
        }
    }
    js_double(n.as_f64().unwrap_or(f64::NAN))
}

/// ECMAScript `Number::toString(x)` for a double.
fn js_double(x: f64) -> String {
    if !x.is_finite() {
        // JSON.stringify writes non-finite numbers as null.
        return "null".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if x < 0.0 {
        return format!("-{}", js_double(-x));
    }
    // Shortest round-trip digits and exponent: x = 0.d1d2...dk * 10^n.
    let exp_form = format!("{x:e}");
    let (mantissa, exponent) = exp_form.split_once('e').expect("LowerExp has an exponent");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().expect("integer exponent") + 1;
    if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e >= 0 { '+' } else { '-' };
        if k == 1 {
            format!("{digits}e{sign}{}", e.abs())
        } else {
            format!("{}.{}e{sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        // Expected values from Node's String(x).
        let cases: &[(f64, &str)] = &[
            (3.0, "3"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (300.0, "300"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.25e-7, "1.25e-7"),
            (-2.5, "-2.5"),
            (2.5e25, "2.5e+25"),
        ];
        for (x, js) in cases {
            assert_eq!(js_double(*x), *js, "{x}");
        }
        assert_eq!(
            js_json_stringify(&json!(9007199254740993u64)),
            "9007199254740992"
        );
        assert_eq!(js_json_stringify(&json!(-42)), "-42");
    }

    #[test]
    fn objects_keep_insertion_order_with_index_keys_first() {
        let v: Value =
            serde_json::from_str(r#"{"b":1,"2":true,"a":[1,2.0,"x"],"1":null,"01":"s"}"#).unwrap();
        assert_eq!(
            js_json_stringify(&v),
            r#"{"1":null,"2":true,"b":1,"a":[1,2,"x"],"01":"s"}"#
        );
    }

    #[test]
    fn strings_are_escaped_as_json_stringify_does() {
        let v = json!({"q": "\"\\\u{1}\u{1f}\n\t\u{7f}é😀/"});
        assert_eq!(
            js_json_stringify(&v),
            "{\"q\":\"\\\"\\\\\\u0001\\u001f\\n\\t\u{7f}é😀/\"}"
        );
    }
}
