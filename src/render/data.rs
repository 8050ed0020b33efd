//! Template data: how the values templates receive are defined and made.
//!
//! Takes: nothing of its own. Gives: [`template_data!`], which defines a serializable struct
//! (or a union of them) whose `///` docs are also its entry in the template reference,
//! `docs/templates.md`; [`Shared`], a value made once and shown on many pages; [`Safe`],
//! markup printed as it is; and [`to_value`], which makes the tera value of any of them.
//!
//! A [`Shared`] value stays shared through [`to_value`]: tera's serializer clones a
//! `tera::Value` it meets (a pointer copy) instead of serializing it again. So a card listed
//! on a thousand pages exists once, a body's HTML is one string that its page and its cards
//! hold, and the preview's comparison of a page with its last render stops at each of them.
//!
//! In tests, every type of template data also describes its shape ([`Described`]), from which
//! `reference.rs` writes the template reference and checks real pages against it.

use std::marker::PhantomData;
use std::path::PathBuf;

use serde::{Serialize, Serializer};
use tera::Value;

use crate::diagnostics::Diagnostic;

/// Defines template data: a struct whose fields are all `pub(crate)` and all documented, or an
/// untagged enum (a value that is one of several structs), serializable, with, in tests, its
/// [`Described`] shape made from the same docs. A `#[derive(…)]` after the docs derives more.
///
/// A struct serializes as `#[derive(Serialize)]` would; a field marked `#[serde(flatten)]`
/// writes its fields into the struct's own, as serde's `flatten` would, but keeping the keys
/// static: serde's goes through a map whose every key is a new string, which costs a full build
/// an allocation per key, the map's growth and slower lookups in templates. No other serde
/// attribute is accepted.
macro_rules! template_data {
    (
        $(#[doc = $doc:literal])+
        $(#[derive($($derive:path),+)])?
        pub(crate) struct $name:ident $(<$lt:lifetime>)? {
            $(
                $(#[doc = $field_doc:literal])+
                $(#[serde($attr:ident)])?
                pub(crate) $field:ident: $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        $(#[derive($($derive),+)])?
        pub(crate) struct $name $(<$lt>)? {
            $(
                $(#[doc = $field_doc])+
                pub(crate) $field: $ty,
            )*
        }

        impl $(<$lt>)? $crate::render::data::Fields for $name $(<$lt>)? {
            const COUNT: usize = 0 $(+ $crate::render::data::template_data!(@count [$($attr)?], $ty))*;

            fn write_fields<M: serde::ser::SerializeStruct>(&self, map: &mut M) -> Result<(), M::Error> {
                $($crate::render::data::template_data!(@write [$($attr)?], self, map, $field);)*
                Ok(())
            }
        }

        impl $(<$lt>)? serde::Serialize for $name $(<$lt>)? {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use $crate::render::data::Fields;
                let mut map = serializer.serialize_struct(stringify!($name), Self::COUNT)?;
                self.write_fields(&mut map)?;
                serde::ser::SerializeStruct::end(map)
            }
        }

        #[cfg(test)]
        impl $(<$lt>)? $crate::render::data::Described for $name $(<$lt>)? {
            fn shape() -> $crate::render::data::Shape {
                let fields: Vec<Vec<$crate::render::data::Field>> = vec![$(
                    $crate::render::data::template_data!(
                        @field [$($attr)?], $field, $ty, concat!($($field_doc, "\n"),+)
                    )
                ),*];
                let fields = fields.concat();
                $crate::render::data::Shape::record(stringify!($name), concat!($($doc, "\n"),+), fields)
            }
        }
    };
    (
        $(#[doc = $doc:literal])+
        $(#[derive($($derive:path),+)])?
        pub(crate) enum $name:ident $(<$lt:lifetime>)? {
            $($variant:ident($ty:ty)),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(serde::Serialize $($(, $derive)+)?)]
        #[serde(untagged)]
        pub(crate) enum $name $(<$lt>)? {
            $($variant($ty)),+
        }

        #[cfg(test)]
        impl $(<$lt>)? $crate::render::data::Described for $name $(<$lt>)? {
            fn shape() -> $crate::render::data::Shape {
                $crate::render::data::Shape::one_of(
                    stringify!($name),
                    concat!($($doc, "\n"),+),
                    vec![$(<$ty as $crate::render::data::Described>::shape()),+],
                )
            }
        }
    };
    (@count [flatten], $ty:ty) => {
        <$ty as $crate::render::data::Fields>::COUNT
    };
    (@count [], $ty:ty) => {
        1
    };
    (@write [flatten], $self:ident, $map:ident, $field:ident) => {
        $crate::render::data::Fields::write_fields(&$self.$field, $map)?
    };
    (@write [], $self:ident, $map:ident, $field:ident) => {
        serde::ser::SerializeStruct::serialize_field($map, stringify!($field), &$self.$field)?
    };
    (@field [flatten], $field:ident, $ty:ty, $doc:expr) => {
        <$ty as $crate::render::data::Described>::shape().into_fields()
    };
    (@field [], $field:ident, $ty:ty, $doc:expr) => {
        vec![$crate::render::data::Field {
            name: stringify!($field),
            doc: $doc,
            shape: <$ty as $crate::render::data::Described>::shape(),
        }]
    };
}
pub(crate) use template_data;

/// The fields of a struct of template data, which it writes into its own map or into the map
/// of a struct that flattens it.
pub(super) trait Fields {
    /// How many fields it writes.
    const COUNT: usize;

    fn write_fields<M: serde::ser::SerializeStruct>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// The tera value of `data`. Each [`Shared`] value in it is the very same value, not a copy.
pub(super) fn to_value(data: &impl Serialize) -> Result<Value, tera::Error> {
    Value::try_from_serializable(data)
}

/// An error making template data, reported on `file` (E061). Serializing into a tera value
/// fails only for a map whose keys are not text, which no template data has (the reference
/// test converts every kind of page): this reports such a mistake instead of panicking.
pub(super) fn cannot_make(file: impl Into<PathBuf>, error: tera::Error) -> Diagnostic {
    Diagnostic::error("E061", file, format!("cannot make the template data: {error}"))
}

/// A template value made once from a `T` and shown on many pages. Cloning it copies a
/// pointer; serializing it (see [`to_value`]) puts the same value in the page.
pub(super) struct Shared<T> {
    value: Value,
    made_from: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    pub(super) fn new(data: &T) -> Result<Shared<T>, tera::Error> {
        Ok(Shared { value: to_value(data)?, made_from: PhantomData })
    }
}

impl<T> Shared<T> {
    pub(super) fn value(&self) -> &Value {
        &self.value
    }

    /// For the preview, to put back the identical value of the last render, so that pages
    /// showing it compare by pointer.
    pub(super) fn value_mut(&mut self) -> &mut Value {
        &mut self.value
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared { value: self.value.clone(), made_from: PhantomData }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Markup printed as it is, without escaping: a body's HTML (one value shared with the
/// document's cards) or a briefing's JSON-LD.
#[derive(Clone)]
pub(super) struct Safe(Value);

impl Safe {
    pub(super) fn new(markup: &str) -> Safe {
        Safe(Value::safe_string(markup))
    }

    /// `markup`, which must be a safe string, shared rather than copied.
    pub(super) fn shared(markup: &Value) -> Safe {
        Safe(markup.clone())
    }
}

impl Serialize for Safe {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(test)]
pub(super) use described::{Described, Field, Shape};

/// What the template reference says of each type: its shape, field by field.
#[cfg(test)]
mod described {
    use std::collections::BTreeMap;

    use super::{Safe, Shared};

    /// The shape of a template value, as the template reference describes it.
    #[derive(Debug, Clone)]
    pub(crate) enum Shape {
        /// Text, escaped when printed.
        Text,
        /// Markup, printed as it is.
        Markup,
        Integer,
        /// Always none.
        Nothing,
        Optional(Box<Shape>),
        List(Box<Shape>),
        /// A map from text to values of the shape.
        TextMap(Box<Shape>),
        /// A map with these fields: a struct of [`template_data!`].
        Record {
            name: &'static str,
            doc: &'static str,
            fields: Vec<Field>,
        },
        /// One of these records: an enum of [`template_data!`].
        OneOf {
            name: &'static str,
            doc: &'static str,
            members: Vec<Shape>,
        },
    }

    #[derive(Debug, Clone)]
    pub(crate) struct Field {
        pub(crate) name: &'static str,
        /// The `///` lines, each ending with a newline.
        pub(crate) doc: &'static str,
        pub(crate) shape: Shape,
    }

    impl Shape {
        pub(crate) fn record(name: &'static str, doc: &'static str, fields: Vec<Field>) -> Shape {
            Shape::Record { name, doc, fields }
        }

        pub(crate) fn one_of(name: &'static str, doc: &'static str, members: Vec<Shape>) -> Shape {
            Shape::OneOf { name, doc, members }
        }

        /// The fields of a record, for a struct that flattens it into its own.
        pub(crate) fn into_fields(self) -> Vec<Field> {
            match self {
                Shape::Record { fields, .. } => fields,
                other => panic!("only a struct's fields can be flattened, not {other:?}"),
            }
        }
    }

    /// A type of template data, as the template reference describes it.
    pub(crate) trait Described {
        fn shape() -> Shape;
    }

    impl Described for &str {
        fn shape() -> Shape {
            Shape::Text
        }
    }

    impl Described for String {
        fn shape() -> Shape {
            Shape::Text
        }
    }

    impl Described for Safe {
        fn shape() -> Shape {
            Shape::Markup
        }
    }

    impl Described for usize {
        fn shape() -> Shape {
            Shape::Integer
        }
    }

    impl Described for i32 {
        fn shape() -> Shape {
            Shape::Integer
        }
    }

    impl Described for () {
        fn shape() -> Shape {
            Shape::Nothing
        }
    }

    impl<T: Described> Described for Option<T> {
        fn shape() -> Shape {
            Shape::Optional(Box::new(T::shape()))
        }
    }

    impl<T: Described> Described for Vec<T> {
        fn shape() -> Shape {
            Shape::List(Box::new(T::shape()))
        }
    }

    impl<T: Described> Described for &[T] {
        fn shape() -> Shape {
            Shape::List(Box::new(T::shape()))
        }
    }

    impl<T: Described> Described for BTreeMap<String, T> {
        fn shape() -> Shape {
            Shape::TextMap(Box::new(T::shape()))
        }
    }

    impl<T: Described> Described for Box<T> {
        fn shape() -> Shape {
            T::shape()
        }
    }

    impl<T: Described> Described for Shared<T> {
        fn shape() -> Shape {
            T::shape()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    template_data! {
        /// A part.
        #[derive(Clone)]
        pub(crate) struct Part {
            /// Its name.
            pub(crate) name: String,
        }
    }

    template_data! {
        /// A whole.
        pub(crate) struct Whole<'a> {
            /// Its part, shared.
            pub(crate) part: Shared<Part>,
            /// Its markup.
            pub(crate) markup: Safe,
            /// The fields of another part, as its own.
            #[serde(flatten)]
            pub(crate) inline: Part,
            /// Borrowed text.
            pub(crate) label: &'a str,
        }
    }

    #[test]
    fn shared_values_stay_shared_in_the_values_that_hold_them() {
        let part = Shared::new(&Part { name: "a".repeat(40) }).unwrap();
        let markup = Value::safe_string(&"<p>x</p>".repeat(10));
        let whole =
            Whole { part: part.clone(), markup: Safe::shared(&markup), inline: Part { name: "b".into() }, label: "c" };
        let value = to_value(&whole).unwrap();
        let map = value.as_map().unwrap();
        let field = |key: &'static str| map.get(&tera::value::Key::Str(key)).unwrap();
        assert!(std::ptr::eq(field("part").as_map().unwrap(), part.value().as_map().unwrap()));
        assert!(std::ptr::eq(field("markup").as_str().unwrap(), markup.as_str().unwrap()));
        assert!(field("markup").is_safe());
        assert_eq!(field("name").as_str(), Some("b"));
        assert_eq!(field("label").as_str(), Some("c"));
        let keys: Vec<&tera::value::Key> = map.keys().collect();
        assert!(
            keys.iter().all(|k| matches!(k, tera::value::Key::Str(_))),
            "keys are static, even flattened: {keys:?}"
        );
        assert_eq!(keys.len(), Whole::COUNT);
    }

    #[test]
    fn the_shape_of_a_struct_has_its_fields_and_the_flattened_ones() {
        let Shape::Record { name, doc, fields } = Whole::shape() else { panic!("a struct is a record") };
        assert_eq!((name, doc), ("Whole", " A whole.\n"));
        let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["part", "markup", "name", "label"]);
        assert_eq!(fields[0].doc, " Its part, shared.\n");
        assert!(matches!(fields[0].shape, Shape::Record { name: "Part", .. }));
    }
}
