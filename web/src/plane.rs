//! The part of the plane a view shows, and a function of a point sampled over it: the
//! heatmaps (D's output, NCE's classifier, each hidden unit) are such grids.

use tinygen::DataSet;

/// The box `[x0, x1] × [y0, y1]` that frames a data set with some margin.
pub fn view_box(data: DataSet) -> [f32; 4] {
    match data {
        DataSet::Moons => [-1.5, 2.5, -1.25, 1.75],
        DataSet::Ring => [-1.6, 1.6, -1.6, 1.6],
        DataSet::Grid => [-5.5, 5.5, -5.5, 5.5],
    }
}

/// The centres of an `nx × ny` grid of cells over `bounds`, row by row from the top
/// (largest `y`) down, as an image is stored.
pub fn cell_centres(bounds: [f32; 4], nx: usize, ny: usize) -> impl Iterator<Item = [f32; 2]> {
    let [x0, x1, y0, y1] = bounds;
    let (dx, dy) = ((x1 - x0) / nx as f32, (y1 - y0) / ny as f32);
    (0..ny).flat_map(move |r| {
        (0..nx).map(move |c| [x0 + (c as f32 + 0.5) * dx, y1 - (r as f32 + 0.5) * dy])
    })
}

/// `f` at the centre of every cell (see [`cell_centres`]); at most 256 × 256 cells.
pub fn heatmap(bounds: [f32; 4], nx: usize, ny: usize, f: impl FnMut([f32; 2]) -> f32) -> Vec<f32> {
    cell_centres(bounds, nx.clamp(1, 256), ny.clamp(1, 256))
        .map(f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_run_row_by_row_from_the_top() {
        let c: Vec<_> = cell_centres([0.0, 2.0, 0.0, 2.0], 2, 2).collect();
        assert_eq!(c, [[0.5, 1.5], [1.5, 1.5], [0.5, 0.5], [1.5, 0.5]]);
        assert_eq!(heatmap([0.0, 1.0, 0.0, 1.0], 0, 1000, |p| p[0]).len(), 256);
    }
}
