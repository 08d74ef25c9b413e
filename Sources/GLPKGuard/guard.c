#include "GLPKGuard.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    jmp_buf jump;
} guard_t;

static void on_glpk_error(void *info) {
    guard_t *g = (guard_t *)info;
    /* The environment is inconsistent after an error: free it (and every problem in it). */
    glp_free_env();
    longjmp(g->jump, 1);
}

/* GLPK's bound type and values for lo <= value <= hi (infinite ends are absent). */
static void set_bounds(glp_prob *P, int is_row, int index, double lo, double hi) {
    int type = isinf(lo) && isinf(hi) ? GLP_FR : isinf(hi) ? GLP_LO : isinf(lo) ? GLP_UP : lo == hi ? GLP_FX : GLP_DB;
    if (is_row) glp_set_row_bnds(P, index, type, isinf(lo) ? 0 : lo, isinf(hi) ? 0 : hi);
    else glp_set_col_bnds(P, index, type, isinf(lo) ? 0 : lo, isinf(hi) ? 0 : hi);
}

static int silence(void *info, const char *s) {
    (void)info;
    (void)s;
    return 1; /* suppress the line */
}

static glp_prob *build(const omr_model *m) {
    glp_prob *P = glp_create_prob();
    if (m->name) glp_set_prob_name(P, m->name);
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, m->obj_constant);
    if (m->rows > 0) glp_add_rows(P, m->rows);
    if (m->cols > 0) glp_add_cols(P, m->cols);
    for (int i = 0; i < m->rows; i++) {
        set_bounds(P, 1, i + 1, m->row_lo[i], m->row_hi[i]);
        if (m->row_names && m->row_names[i]) glp_set_row_name(P, i + 1, m->row_names[i]);
    }
    for (int j = 0; j < m->cols; j++) {
        set_bounds(P, 0, j + 1, m->col_lo[j], m->col_hi[j]);
        glp_set_obj_coef(P, j + 1, m->col_obj[j]);
        if (m->col_kind[j] == OMR_BINARY) glp_set_col_kind(P, j + 1, GLP_BV);
        else if (m->col_kind[j] == OMR_INTEGER) glp_set_col_kind(P, j + 1, GLP_IV);
        if (m->col_names && m->col_names[j]) glp_set_col_name(P, j + 1, m->col_names[j]);
    }
    if (m->nnz > 0) {
        int *ia = malloc(sizeof(int) * (size_t)(m->nnz + 1));
        int *ja = malloc(sizeof(int) * (size_t)(m->nnz + 1));
        double *ar = malloc(sizeof(double) * (size_t)(m->nnz + 1));
        for (int k = 0; k < m->nnz; k++) {
            ia[k + 1] = m->nz_row[k] + 1;
            ja[k + 1] = m->nz_col[k] + 1;
            ar[k + 1] = m->nz_val[k];
        }
        glp_load_matrix(P, m->nnz, ia, ja, ar);
        free(ia);
        free(ja);
        free(ar);
    }
    return P;
}

typedef struct {
    const omr_options *options;
    int injected;
    double best_bound;
    int has_bound;
} search_t;

static void on_search(glp_tree *T, void *info) {
    search_t *s = (search_t *)info;
    int reason = glp_ios_reason(T);
    if (reason == GLP_IHEUR && !s->injected && s->options->incumbent) {
        glp_prob *P = glp_ios_get_prob(T);
        int n = glp_get_num_cols(P);
        double *x = malloc(sizeof(double) * (size_t)(n + 1));
        x[0] = 0;
        for (int j = 0; j < n; j++) x[j + 1] = s->options->incumbent[j];
        glp_ios_heur_sol(T, x);
        free(x);
        s->injected = 1;
    }
    int p = glp_ios_best_node(T);
    if (p != 0) {
        double b = glp_ios_node_bound(T, p);
        if (!s->has_bound || b > s->best_bound) {
            s->best_bound = b;
            s->has_bound = 1;
        }
    }
    if (s->options->progress && (reason == GLP_IBINGO || reason == GLP_ISELECT)) {
        glp_prob *P = glp_ios_get_prob(T);
        int has_incumbent = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
        s->options->progress(s->options->progress_context, has_incumbent ? glp_mip_obj_val(P) : 0, has_incumbent,
                             s->best_bound, s->has_bound);
    }
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int omr_solve(const omr_model *m, const omr_options *o, omr_result *r) {
    volatile double start = now_seconds();
    guard_t g;
    r->glpk_error = 0;
    r->lp_return = -1;
    r->mip_return = -1;
    r->lp_status = 0;
    r->mip_status = 0;
    r->has_bound = 0;
    r->bound = 0;
    r->objective = 0;
    r->lp_objective = 0;
    if (setjmp(g.jump)) {
        r->glpk_error = 1;
        r->seconds = now_seconds() - start;
        return -1;
    }
    glp_error_hook(on_glpk_error, &g);
    if (!o->verbose) glp_term_hook(silence, NULL);
    glp_prob *P = build(m);

    int has_integer = 0;
    for (int j = 0; j < m->cols; j++) has_integer |= m->col_kind[j] != OMR_CONTINUOUS;
    if (!has_integer) {
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
        smcp.presolve = o->presolve ? GLP_ON : GLP_OFF;
        if (o->time_limit_seconds > 0) smcp.tm_lim = (int)fmin(2e9, o->time_limit_seconds * 1000);
        r->lp_return = glp_simplex(P, &smcp);
        if (r->lp_return != 0 && smcp.presolve == GLP_ON) {
            smcp.presolve = GLP_OFF;
            r->lp_return = glp_simplex(P, &smcp);
        }
        r->lp_status = glp_get_status(P);
        if (r->lp_status == GLP_OPT) {
            r->lp_objective = glp_get_obj_val(P);
            for (int j = 0; j < m->cols; j++) r->x[j] = glp_get_col_prim(P, j + 1);
            if (r->row_dual)
                for (int i = 0; i < m->rows; i++) r->row_dual[i] = glp_get_row_dual(P, i + 1);
        }
        glp_delete_prob(P);
        glp_error_hook(NULL, NULL);
        if (!o->verbose) glp_term_hook(NULL, NULL);
        r->seconds = now_seconds() - start;
        return 0;
    }
    int with_incumbent = o->incumbent != NULL;
    int presolve = o->presolve && !with_incumbent;
    if (!presolve) {
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
        smcp.presolve = GLP_ON;
        if (o->time_limit_seconds > 0) smcp.tm_lim = (int)fmin(2e9, o->time_limit_seconds * 1000);
        r->lp_return = glp_simplex(P, &smcp);
        if (r->lp_return != 0 && r->lp_return != GLP_ETMLIM) {
            /* glp_simplex's own presolver leaves no basis on an infeasible LP; retry without it
               in the time that is left */
            smcp.presolve = GLP_OFF;
            double left = o->time_limit_seconds > 0 ? o->time_limit_seconds - (now_seconds() - start) : 0;
            if (o->time_limit_seconds > 0) smcp.tm_lim = (int)fmax(1, fmin(2e9, left * 1000));
            r->lp_return = glp_simplex(P, &smcp);
        }
        r->lp_status = glp_get_status(P);
        if (r->lp_status == GLP_OPT) {
            r->lp_objective = glp_get_obj_val(P);
            r->bound = r->lp_objective;
            r->has_bound = 1;
        }
    }
    int may_search = presolve || r->lp_status == GLP_OPT;
    if (may_search) {
        double left = o->time_limit_seconds > 0 ? o->time_limit_seconds - (now_seconds() - start) : 0;
        search_t s = {o, 0, r->bound, r->has_bound};
        glp_iocp iocp;
        glp_init_iocp(&iocp);
        iocp.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
        iocp.presolve = presolve ? GLP_ON : GLP_OFF;
        iocp.mip_gap = o->mip_gap;
        if (o->branching) iocp.br_tech = o->branching;
        if (o->backtracking) iocp.bt_tech = o->backtracking;
        iocp.cb_func = on_search;
        iocp.cb_info = &s;
        if (o->cuts) {
            iocp.gmi_cuts = GLP_ON;
            iocp.mir_cuts = GLP_ON;
            iocp.cov_cuts = GLP_ON;
            iocp.clq_cuts = GLP_ON;
        }
        if (o->time_limit_seconds > 0) iocp.tm_lim = (int)fmax(1, fmin(2e9, left * 1000));
        r->mip_return = glp_intopt(P, &iocp);
        r->mip_status = glp_mip_status(P);
        if (s.has_bound && (!r->has_bound || s.best_bound > r->bound)) {
            r->bound = s.best_bound;
            r->has_bound = 1;
        }
        if (r->mip_status == GLP_OPT || r->mip_status == GLP_FEAS) {
            r->objective = glp_mip_obj_val(P);
            for (int j = 0; j < m->cols; j++) r->x[j] = glp_mip_col_val(P, j + 1);
            if (r->mip_status == GLP_OPT && r->mip_return == 0) {
                r->bound = r->objective;
                r->has_bound = 1;
            }
        }
    }
    glp_delete_prob(P);
    glp_error_hook(NULL, NULL);
    if (!o->verbose) glp_term_hook(NULL, NULL);
    r->seconds = now_seconds() - start;
    return 0;
}

int omr_write(const omr_model *m, int format, const char *path) {
    guard_t g;
    if (setjmp(g.jump)) return -1;
    glp_error_hook(on_glpk_error, &g);
    glp_term_hook(silence, NULL);
    glp_prob *P = build(m);
    int rc = format == OMR_FORMAT_MPS ? glp_write_mps(P, GLP_MPS_FILE, NULL, path) : glp_write_lp(P, NULL, path);
    glp_delete_prob(P);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    return rc;
}

void omr_free_env(void) { glp_free_env(); }

struct omr_lp {
    glp_prob *P;
    int failed;
};

/* The prologue of every call on a kept LP: refuse after an earlier GLPK error, and turn
 * a GLPK error in this call into a failed LP (the environment, and P with it, is gone). */
#define LP_GUARD(lp, g)                          \
    if (!(lp) || (lp)->failed) return -1;        \
    if (setjmp((g).jump)) {                      \
        (lp)->failed = 1;                        \
        (lp)->P = NULL;                          \
        return -1;                               \
    }                                            \
    glp_error_hook(on_glpk_error, &(g))

omr_lp *omr_lp_create(int rows, const double *row_lo, const double *row_hi) {
    guard_t g;
    omr_lp *lp = calloc(1, sizeof(omr_lp));
    if (!lp) return NULL;
    if (setjmp(g.jump)) {
        lp->failed = 1;
        lp->P = NULL;
        return lp;
    }
    glp_error_hook(on_glpk_error, &g);
    lp->P = glp_create_prob();
    glp_set_obj_dir(lp->P, GLP_MIN);
    if (rows > 0) glp_add_rows(lp->P, rows);
    for (int i = 0; i < rows; i++) {
        set_bounds(lp->P, 1, i + 1, row_lo[i], row_hi[i]);
    }
    glp_error_hook(NULL, NULL);
    return lp;
}

/* The longest of count runs start[k]..<start[k + 1]. */
static int longest_run(int count, const int *start) {
    int longest = 0;
    for (int k = 0; k < count; k++) longest = start[k + 1] - start[k] > longest ? start[k + 1] - start[k] : longest;
    return longest;
}

/* Copies run k of (index, value) into GLPK's 1-based ind and val (indices made 1-based); returns its length. */
static int gather(int k, const int *start, const int *index, const double *value, int *ind, double *val) {
    int n = 0;
    for (int e = start[k]; e < start[k + 1]; e++) {
        n++;
        ind[n] = index[e] + 1;
        val[n] = value[e];
    }
    return n;
}

int omr_lp_add_columns(omr_lp *lp, int count, const double *cost, const double *lo, const double *hi,
                       const int *start, const int *row_index, const double *value) {
    guard_t g;
    LP_GUARD(lp, g);
    if (count > 0) {
        int first = glp_add_cols(lp->P, count);
        int longest = longest_run(count, start);
        int *ind = malloc(sizeof(int) * (size_t)(longest + 1));
        double *val = malloc(sizeof(double) * (size_t)(longest + 1));
        for (int k = 0; k < count; k++) {
            int j = first + k;
            set_bounds(lp->P, 0, j, lo[k], hi[k]);
            glp_set_obj_coef(lp->P, j, cost[k]);
            glp_set_mat_col(lp->P, j, gather(k, start, row_index, value, ind, val), ind, val);
        }
        free(ind);
        free(val);
    }
    glp_error_hook(NULL, NULL);
    return 0;
}

int omr_lp_add_rows(omr_lp *lp, int count, const double *lo, const double *hi,
                    const int *start, const int *col_index, const double *value) {
    guard_t g;
    LP_GUARD(lp, g);
    if (count > 0) {
        int first = glp_add_rows(lp->P, count);
        int longest = longest_run(count, start);
        int *ind = malloc(sizeof(int) * (size_t)(longest + 1));
        double *val = malloc(sizeof(double) * (size_t)(longest + 1));
        for (int k = 0; k < count; k++) {
            int i = first + k;
            set_bounds(lp->P, 1, i, lo[k], hi[k]);
            glp_set_mat_row(lp->P, i, gather(k, start, col_index, value, ind, val), ind, val);
            glp_set_row_stat(lp->P, i, GLP_BS);
        }
        free(ind);
        free(val);
    }
    glp_error_hook(NULL, NULL);
    return 0;
}

int omr_lp_solve(omr_lp *lp, double time_limit_seconds, int dual, double *objective, double *x, double *duals) {
    guard_t g;
    LP_GUARD(lp, g);
    glp_term_hook(silence, NULL);
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    if (dual) smcp.meth = GLP_DUALP;
    if (time_limit_seconds > 0) smcp.tm_lim = (int)fmin(2e9, time_limit_seconds * 1000);
    int rc = glp_simplex(lp->P, &smcp);
    int status = glp_get_status(lp->P);
    if (rc == 0 && status == GLP_OPT) {
        *objective = glp_get_obj_val(lp->P);
        int n = glp_get_num_cols(lp->P), m = glp_get_num_rows(lp->P);
        for (int j = 0; j < n; j++) x[j] = glp_get_col_prim(lp->P, j + 1);
        for (int i = 0; i < m; i++) duals[i] = glp_get_row_dual(lp->P, i + 1);
    }
    glp_term_hook(NULL, NULL);
    glp_error_hook(NULL, NULL);
    return rc == 0 && status == GLP_OPT ? 0 : 1;
}

int omr_lp_set_basis(omr_lp *lp, int count, const int *row, const int *col) {
    guard_t g;
    LP_GUARD(lp, g);
    int m = glp_get_num_rows(lp->P), n = glp_get_num_cols(lp->P);
    for (int i = 1; i <= m; i++) glp_set_row_stat(lp->P, i, GLP_BS);
    for (int j = 1; j <= n; j++) glp_set_col_stat(lp->P, j, GLP_NL);
    for (int k = 0; k < count; k++) {
        glp_set_row_stat(lp->P, row[k] + 1, GLP_NS);
        glp_set_col_stat(lp->P, col[k] + 1, GLP_BS);
    }
    glp_error_hook(NULL, NULL);
    return 0;
}

int omr_lp_set_col_bounds(omr_lp *lp, int j, double lo, double hi) {
    guard_t g;
    LP_GUARD(lp, g);
    set_bounds(lp->P, 0, j + 1, lo, hi);
    glp_error_hook(NULL, NULL);
    return 0;
}

void omr_lp_free(omr_lp *lp) {
    if (!lp) return;
    if (!lp->failed && lp->P) glp_delete_prob(lp->P);
    free(lp);
}
