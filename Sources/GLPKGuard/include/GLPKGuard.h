#ifndef OMNIROUTE_GLPK_GUARD_H
#define OMNIROUTE_GLPK_GUARD_H

/* A guarded entry into GLPK: builds a problem from plain arrays, solves it, copies
 * the solution out and frees the problem, all in one call on the calling thread.
 * GLPK's error handler (which would abort the process on a bad argument) is
 * replaced by a hook that frees the thread's GLPK environment and longjmps back
 * here, so an internal GLPK error becomes an error code, never an abort. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { OMR_CONTINUOUS = 0, OMR_INTEGER = 1, OMR_BINARY = 2 };
enum { OMR_FORMAT_LP = 0, OMR_FORMAT_MPS = 1 };

/* A linear model; arrays of columns and rows are 0-based here (the shim converts). */
typedef struct {
    int rows;
    int cols;
    const double *col_lo;      /* -HUGE_VAL for none */
    const double *col_hi;      /* +HUGE_VAL for none */
    const double *col_obj;
    const int *col_kind;       /* OMR_CONTINUOUS, OMR_INTEGER, OMR_BINARY */
    const double *row_lo;      /* -HUGE_VAL for none */
    const double *row_hi;      /* +HUGE_VAL for none */
    int nnz;
    const int *nz_row;         /* 0-based row of each nonzero */
    const int *nz_col;         /* 0-based column of each nonzero */
    const double *nz_val;
    const char *const *row_names;  /* NULL or rows names */
    const char *const *col_names;  /* NULL or cols names */
    const char *name;
    double obj_constant;
} omr_model;

/* Called from the branch-and-cut search when the incumbent or the bound improves. */
typedef void (*omr_progress_fn)(void *context, double incumbent, int has_incumbent, double bound, int has_bound);

typedef struct {
    double time_limit_seconds; /* <= 0: none */
    double mip_gap;            /* relative gap at which to stop */
    int presolve;              /* ignored (off) when an incumbent is given */
    int cuts;                  /* Gomory, MIR, cover and clique cuts */
    int verbose;               /* GLPK's terminal output */
    int branching;             /* GLP_BR_* or 0 for GLPK's default */
    int backtracking;          /* GLP_BT_* or 0 for GLPK's default */
    const double *incumbent;   /* NULL or cols values of a feasible solution (0-based) */
    omr_progress_fn progress;  /* may be NULL */
    void *progress_context;
} omr_options;

typedef struct {
    int glpk_error;            /* 1 when GLPK's error handler fired (the problem is gone) */
    int lp_return;             /* glp_simplex's return code (or -1 when not run) */
    int mip_return;            /* glp_intopt's return code */
    int lp_status;             /* glp_get_status after the LP */
    int mip_status;            /* glp_mip_status */
    double lp_objective;       /* LP relaxation optimum when lp_status is GLP_OPT */
    double objective;          /* incumbent objective when mip_status is GLP_OPT or GLP_FEAS */
    double bound;              /* best proven lower bound (minimization) */
    int has_bound;
    double *x;                 /* caller-allocated, cols entries (0-based) */
    double *row_dual;          /* NULL, or caller-allocated rows entries: LP duals (models without integer columns) */
    double seconds;
} omr_result;

/* Minimizes the model. A model without integer columns is solved as an LP (primal values
 * in x, duals in row_dual, status in lp_status). Returns 0 when GLPK ran (read the
 * statuses), -1 on a GLPK error. */
int omr_solve(const omr_model *model, const omr_options *options, omr_result *result);

/* Writes the model in CPLEX LP or free MPS format. Returns 0 on success. */
int omr_write(const omr_model *model, int format, const char *path);

/* A linear program kept between solves (column generation's master): columns are
 * added and the LP re-solved from the previous basis. Create, use and free it on one
 * thread. After a GLPK error every call fails (the environment was freed). */
typedef struct omr_lp omr_lp;

omr_lp *omr_lp_create(int rows, const double *row_lo, const double *row_hi);
/* Adds count columns; column k has entries start[k]..start[k+1]-1 of row_index/value (0-based rows). */
int omr_lp_add_columns(omr_lp *lp, int count, const double *cost, const double *lo, const double *hi,
                       const int *start, const int *row_index, const double *value);
/* Adds rows lo[k] <= row <= hi[k]: row k's entries are col_index[e] (0-based) and value[e]
 * for e in start[k]..<start[k + 1]. The new rows' slacks are basic. Returns 0 on success. */
int omr_lp_add_rows(omr_lp *lp, int count, const double *lo, const double *hi,
                    const int *start, const int *col_index, const double *value);
/* Solves; x has room for every column, duals for every row. With dual != 0 the dual
 * simplex starts (best after rows were added: the basis stays dual feasible). Returns 0
 * when optimal. */
int omr_lp_solve(omr_lp *lp, double time_limit_seconds, int dual, double *objective, double *x, double *duals);
/* Starts the next solve from the basis in which column col[k] replaces the slack of
 * row row[k] (k < count) and every other slack is basic: a feasible start when those
 * columns form a feasible solution. Returns 0 on success. */
int omr_lp_set_basis(omr_lp *lp, int count, const int *row, const int *col);
/* Sets the bounds of column j (0-based). Returns 0 on success. */
int omr_lp_set_col_bounds(omr_lp *lp, int j, double lo, double hi);
void omr_lp_free(omr_lp *lp);

/* Frees this thread's GLPK environment (call before a dedicated thread ends). */
void omr_free_env(void);

#ifdef __cplusplus
}
#endif
#endif
