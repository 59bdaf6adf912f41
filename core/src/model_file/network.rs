//! The network section: an [`Mlp2`]'s sizes, activations and parameters.

use crate::model_file::bytes::{Reader, Writer};
use crate::model_file::FileError;
use crate::nn::activation::Activation;
use crate::nn::mlp2::Mlp2;
use crate::nn::params::Params;
use core::fmt;

/// The sizes and activations of a stored two-hidden-layer network.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NetworkShape {
    /// Inputs.
    pub input: usize,
    /// Units of the first hidden layer.
    pub hidden1: usize,
    /// Units of the second hidden layer.
    pub hidden2: usize,
    /// Outputs.
    pub output: usize,
    /// `[first hidden, second hidden, output]` activations.
    pub activations: [Activation; 3],
}

impl Eq for NetworkShape {}

impl fmt::Display for NetworkShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}→{}→{}→{}",
            self.input, self.hidden1, self.hidden2, self.output
        )
    }
}

impl NetworkShape {
    /// The shape of `Mlp2<I, H1, H2, O>` with `activations`.
    pub const fn of<const I: usize, const H1: usize, const H2: usize, const O: usize>(
        activations: [Activation; 3],
    ) -> Self {
        NetworkShape {
            input: I,
            hidden1: H1,
            hidden2: H2,
            output: O,
            activations,
        }
    }

    /// How many weights and biases the network has.
    pub const fn parameter_count(&self) -> usize {
        (self.input + 1) * self.hidden1
            + (self.hidden1 + 1) * self.hidden2
            + (self.hidden2 + 1) * self.output
    }

    /// Bytes of the section: 4 sizes, 3 activations of 5 bytes, the parameters.
    pub const fn section_len(&self) -> usize {
        4 * 2 + 3 * 5 + 4 * self.parameter_count()
    }

    /// The same sizes, whatever the activations.
    pub fn same_sizes(&self, other: &NetworkShape) -> bool {
        (self.input, self.hidden1, self.hidden2, self.output)
            == (other.input, other.hidden1, other.hidden2, other.output)
    }

    fn write(&self, w: &mut Writer) -> Result<(), FileError> {
        for size in [self.input, self.hidden1, self.hidden2, self.output] {
            w.u16(u16::try_from(size).map_err(|_| FileError::BadField("layer size"))?)?;
        }
        for a in self.activations {
            let (code, param) = match a {
                Activation::Identity => (0, 0.0),
                Activation::Sigmoid => (1, 0.0),
                Activation::Tanh => (2, 0.0),
                Activation::Relu => (3, 0.0),
                Activation::Elu { alpha } => (4, alpha),
            };
            w.u8(code)?;
            w.f32(param)?;
        }
        Ok(())
    }

    /// Reads the sizes and activations (not the parameters).
    pub(crate) fn read(r: &mut Reader) -> Result<Self, FileError> {
        let mut sizes = [0usize; 4];
        for s in &mut sizes {
            *s = usize::from(r.u16()?);
            if *s == 0 {
                return Err(FileError::BadField("layer size"));
            }
        }
        let mut activations = [Activation::Identity; 3];
        for a in &mut activations {
            let code = r.u8()?;
            let param = r.f32()?;
            *a = match code {
                0 => Activation::Identity,
                1 => Activation::Sigmoid,
                2 => Activation::Tanh,
                3 => Activation::Relu,
                4 if param > 0.0 => Activation::Elu { alpha: param },
                _ => return Err(FileError::BadField("activation")),
            };
        }
        let [input, hidden1, hidden2, output] = sizes;
        Ok(NetworkShape {
            input,
            hidden1,
            hidden2,
            output,
            activations,
        })
    }
}

/// Writes `net`: its shape, then its tensors in [`Params`] order (each layer's weights
/// input-major, then its biases).
pub(crate) fn write_mlp2<const I: usize, const H1: usize, const H2: usize, const O: usize>(
    w: &mut Writer,
    net: &Mlp2<I, H1, H2, O>,
) -> Result<(), FileError> {
    NetworkShape::of::<I, H1, H2, O>(net.activations).write(w)?;
    for k in 0..Mlp2::<I, H1, H2, O>::TENSORS {
        w.f32s(net.tensor(k))?;
    }
    Ok(())
}

/// Reads a network of exactly `net`'s sizes into `net`; every value must be finite.
pub(crate) fn read_mlp2<const I: usize, const H1: usize, const H2: usize, const O: usize>(
    r: &mut Reader,
    net: &mut Mlp2<I, H1, H2, O>,
) -> Result<(), FileError> {
    let found = NetworkShape::read(r)?;
    let expected = NetworkShape::of::<I, H1, H2, O>(found.activations);
    if !found.same_sizes(&expected) {
        return Err(FileError::WrongShape { expected, found });
    }
    for k in 0..Mlp2::<I, H1, H2, O>::TENSORS {
        r.f32s(net.tensor_mut(k))?;
    }
    net.activations = found.activations;
    Ok(())
}
