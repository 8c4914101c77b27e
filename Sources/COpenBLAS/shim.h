#ifndef FINTEXT_COPENBLAS_SHIM_H
#define FINTEXT_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
