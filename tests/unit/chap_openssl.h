/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KISCSI_CHAP_OPENSSL_H
#define KISCSI_CHAP_OPENSSL_H

#include "chap.h"

extern const struct isc_chap_hash_ops isc_chap_openssl_ops;

#endif
