/* What the session's files share. */
#ifndef VMI_ENVS_SESSION_INTERNAL_H
#define VMI_ENVS_SESSION_INTERNAL_H

#include "vmi-envs/session.h"

/* IDENT and FAULT records (boot_ident.c). */
void vmi__env_boot_ident(struct vmi_env_boot *b, const uint8_t *p, uint16_t len);
void vmi__env_boot_mech(struct vmi_env_boot *b, const uint8_t *p, uint16_t len);
void vmi__env_boot_fault(struct vmi_env_boot *b, const uint8_t *p, uint16_t len);
/* Closes the running trace with outcome o (boot_records.c). */
void vmi__env_boot_close(struct vmi_env_boot *b, enum vmi_env_outcome o);

#endif /* VMI_ENVS_SESSION_INTERNAL_H */
