#pragma once
// The ReLU kernel under Gaussian inputs x ~ N(0, I_d): for a, b with angle phi,
//   k(a, b)      = E[(a.x)_+ (b.x)_+] = |a||b| (sin phi + (pi - phi) cos phi) / (2 pi),
//   grad_a k(a,b) = ((pi - phi) b + |b| sin phi a/|a|) / (2 pi).
// At a = 0 the gradient is not defined; we take its average over directions of a, b/4.
#include <Eigen/Core>

namespace flowscope {

double reluKernel(const Eigen::VectorXd& a, const Eigen::VectorXd& b);
Eigen::VectorXd reluKernelGradient(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

// For every column a_i of A (d x p): value_i = sum_l c_l k(a_i, b_l) and
// grad_i = sum_l c_l grad_a k(a_i, b_l), with B (d x q), c (q). Blocked over the columns
// of A, and for large q over tiles of the columns of B, so the p x q intermediates never
// exceed `block` x min(q, 8192) (three per thread); two matrix products per block and
// tile, and blocks run on parallel threads. An evaluation under a StepControl can be
// abandoned between tiles (step_control.hpp). In double, or in float for
// run.precision = float.
void reluKernelSums(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, const Eigen::VectorXd& c,
                    Eigen::VectorXd& value, Eigen::MatrixXd& grad, int block = 128);
void reluKernelSums(const Eigen::MatrixXf& A, const Eigen::MatrixXf& B, const Eigen::VectorXf& c,
                    Eigen::VectorXf& value, Eigen::MatrixXf& grad, int block = 128);

// The same sums with B = A (the students among themselves), using the symmetry of the
// pairwise matrices: half the cosine product and half the pairwise loop.
void reluKernelSelfSums(const Eigen::MatrixXd& A, const Eigen::VectorXd& c, Eigen::VectorXd& value,
                        Eigen::MatrixXd& grad, int block = 128);
void reluKernelSelfSums(const Eigen::MatrixXf& A, const Eigen::VectorXf& c, Eigen::VectorXf& value,
                        Eigen::MatrixXf& grad, int block = 128);

// The scratch the kernels keep between calls (never shrunk) when a network of `students`
// units against `teachers` in `dim` dimensions is evaluated with `threads` threads, in
// bytes (numberBytes 8 for double, 4 for float): what a run's memory estimate counts.
double reluNetworkScratchBytes(long students, long teachers, long dim, int threads, int numberBytes, int block = 128);

}  // namespace flowscope
