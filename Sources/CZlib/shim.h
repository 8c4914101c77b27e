#ifndef FINTEXT_CZLIB_SHIM_H
#define FINTEXT_CZLIB_SHIM_H
#include <zlib.h>
#endif
