//! Events to values by yaml_serde's rules for untagged scalars: any scalar
//! is a string where a string is wanted; a plain one is null when empty or
//! `null`/`Null`/`NULL`/`~`, a boolean when `true`/`false` (three
//! spellings each). Numbers are taken only in their plainest decimal form;
//! any other spelling, like any error, declines.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use super::parse::{Event, Scalar};

/// The one error: this reader does not say why, yaml_serde will.
#[derive(Debug)]
pub struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("declined")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

type Result<T> = std::result::Result<T, Declined>;

pub fn from_events<T: DeserializeOwned>(events: &[Event<'_>]) -> Option<T> {
    let mut de = Deserializer { events, pos: 0 };
    let value = T::deserialize(&mut de).ok()?;
    (de.pos == events.len()).then_some(value)
}

struct Deserializer<'e, 'a> {
    events: &'e [Event<'a>],
    pos: usize,
}

fn is_null(s: &Scalar) -> bool {
    s.plain && matches!(&*s.value, "" | "~" | "null" | "Null" | "NULL")
}

fn as_bool(s: &Scalar) -> Option<bool> {
    if !s.plain {
        return None;
    }
    match &*s.value {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Digits without a leading zero (yaml_serde reads `010` as a string).
fn plain_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn as_u64(s: &Scalar) -> Option<u64> {
    (s.plain && plain_digits(&s.value))
        .then(|| s.value.parse().ok())
        .flatten()
}

/// `12`, `-3`, `1.5` or `-0.25`; no exponents, signs or special values.
fn as_f64(s: &Scalar) -> Option<f64> {
    if !s.plain {
        return None;
    }
    let unsigned = s.value.strip_prefix('-').unwrap_or(&s.value);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let simple =
        plain_digits(whole) && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    simple.then(|| s.value.parse().ok()).flatten()
}

/// Whether yaml_serde could read a plain scalar as a number: it starts like one.
fn maybe_number(s: &Scalar) -> bool {
    s.plain
        && s.value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
}

impl<'e, 'a> Deserializer<'e, 'a> {
    fn peek(&self) -> Result<&'e Event<'a>> {
        self.events.get(self.pos).ok_or(Declined)
    }

    fn next(&mut self) -> Result<&'e Event<'a>> {
        let event = self.peek()?;
        self.pos += 1;
        Ok(event)
    }

    fn next_scalar(&mut self) -> Result<&'e Scalar<'a>> {
        match self.next()? {
            Event::Scalar(s) => Ok(s),
            _ => Err(Declined),
        }
    }

    /// The visitor's value, once the collection it read has ended.
    fn collection<V: Visitor<'a>>(&mut self, visitor: V, end: &Event<'a>) -> Result<V::Value> {
        let value = if end == &Event::SequenceEnd {
            visitor.visit_seq(Elements { de: self })?
        } else {
            visitor.visit_map(Entries { de: self })?
        };
        if self.next()? != end {
            return Err(Declined);
        }
        Ok(value)
    }

    fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::SequenceStart | Event::MappingStart => depth += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    depth = depth.checked_sub(1).ok_or(Declined)?;
                }
                Event::Scalar(_) => {}
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    fn unsigned<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(as_u64(self.next_scalar()?).ok_or(Declined)?)
    }
}

impl<'a> de::Deserializer<'a> for &mut Deserializer<'_, 'a> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Event::Scalar(s) if is_null(s) => visitor.visit_unit(),
            Event::Scalar(s) => {
                let negative = s
                    .value
                    .strip_prefix('-')
                    .filter(|d| s.plain && plain_digits(d));
                if let Some(b) = as_bool(s) {
                    visitor.visit_bool(b)
                } else if let Some(n) = as_u64(s) {
                    visitor.visit_u64(n)
                } else if negative.is_some() {
                    visitor.visit_i64(s.value.parse().map_err(|_| Declined)?)
                } else if let Some(x) = as_f64(s) {
                    visitor.visit_f64(x)
                } else if maybe_number(s) {
                    Err(Declined)
                } else {
                    visitor.visit_str(&s.value)
                }
            }
            Event::SequenceStart => self.collection(visitor, &Event::SequenceEnd),
            Event::MappingStart => self.collection(visitor, &Event::MappingEnd),
            _ => Err(Declined),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(as_bool(self.next_scalar()?).ok_or(Declined)?)
    }

    fn deserialize_i8<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_i16<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_i32<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_i64<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_u8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.unsigned(visitor)
    }

    fn deserialize_u16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.unsigned(visitor)
    }

    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.unsigned(visitor)
    }

    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.unsigned(visitor)
    }

    fn deserialize_f32<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(as_f64(self.next_scalar()?).ok_or(Declined)?)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(&self.next_scalar()?.value)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            Event::Scalar(s) if is_null(s) => {
                self.pos += 1;
                visitor.visit_none()
            }
            Event::Scalar(_) | Event::SequenceStart | Event::MappingStart => {
                visitor.visit_some(self)
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.next_scalar()? {
            s if is_null(s) => visitor.visit_unit(),
            _ => Err(Declined),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Event::SequenceStart => self.collection(visitor, &Event::SequenceEnd),
            // An empty value is an empty list.
            Event::Scalar(s) if s.plain && s.value.is_empty() => visitor.visit_seq(
                de::value::SeqDeserializer::<_, Declined>::new(std::iter::empty::<()>()),
            ),
            _ => Err(Declined),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Event::MappingStart => self.collection(visitor, &Event::MappingEnd),
            Event::Scalar(s) if s.plain && s.value.is_empty() => visitor.visit_map(
                de::value::MapDeserializer::<_, Declined>::new(std::iter::empty::<((), ())>()),
            ),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    /// Only a unit variant written as a scalar, as in `kind: choice`.
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(UnitVariant { de: self })
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}

struct Elements<'d, 'e, 'a> {
    de: &'d mut Deserializer<'e, 'a>,
}

impl<'a> SeqAccess<'a> for Elements<'_, '_, 'a> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.de.peek()? {
            Event::SequenceEnd => Ok(None),
            _ => seed.deserialize(&mut *self.de).map(Some),
        }
    }
}

struct Entries<'d, 'e, 'a> {
    de: &'d mut Deserializer<'e, 'a>,
}

impl<'a> MapAccess<'a> for Entries<'_, '_, 'a> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.de.peek()? {
            Event::MappingEnd => Ok(None),
            _ => seed.deserialize(&mut *self.de).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}

struct UnitVariant<'d, 'e, 'a> {
    de: &'d mut Deserializer<'e, 'a>,
}

impl<'a> EnumAccess<'a> for UnitVariant<'_, '_, 'a> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = &self.de.next_scalar()?.value;
        let variant = seed.deserialize(IntoDeserializer::<Declined>::into_deserializer(
            name.as_ref(),
        ))?;
        Ok((variant, self))
    }
}

impl<'a> VariantAccess<'a> for UnitVariant<'_, '_, 'a> {
    type Error = Declined;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, _: T) -> Result<T::Value> {
        Err(Declined)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Declined)
    }

    fn struct_variant<V: Visitor<'a>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Declined)
    }
}
