//! Typed indices of places and forces: a place's index cannot be used where
//! a force's is meant, and neither is a bare number.

use std::fmt;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            #[doc = concat!("The ", $what, " at position `i` of its list.")]
            pub fn new(i: usize) -> $name {
                $name(u32::try_from(i).expect(concat!("more ", $what, "s than u32 can count")))
            }

            /// The position in its list, to index a slice.
            pub fn get(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

index_type!(
    /// A place: its position in `Dataset::places`.
    PlaceIndex,
    "place"
);

index_type!(
    /// A force: its position in `Dataset::forces` (legend order).
    ForceIndex,
    "force"
);
