#ifndef FINTEXT_CLAPACKE_SHIM_H
#define FINTEXT_CLAPACKE_SHIM_H
#include <lapacke.h>
#endif
