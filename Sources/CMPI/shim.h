#ifndef FINTEXT_CMPI_SHIM_H
#define FINTEXT_CMPI_SHIM_H
// Open MPI defines MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, MPI_IN_PLACE, ... as macros that take the address
// of global structs (OMPI_PREDEFINED_GLOBAL); Swift cannot import such macros, so these getters return them.
// Only FTDistributed imports this module.
#include <mpi.h>

static inline MPI_Comm ft_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype ft_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype ft_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype ft_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype ft_mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Datatype ft_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op ft_mpi_sum(void) { return MPI_SUM; }
static inline void *ft_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Errhandler ft_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int ft_mpi_success(void) { return MPI_SUCCESS; }
static inline int ft_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int ft_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

#endif
