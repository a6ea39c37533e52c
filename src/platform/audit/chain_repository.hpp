// How an entry is appended to the chain: the entry and the head that names it, written together.
// Only the audit service includes this (repository.hpp is included by every module that records).
#pragma once
#include <soci/soci.h>

#include "platform/audit/model.hpp"

namespace trame::audit {

// Inserts the entry and moves the head to it (its counter, hash and MAC): one round trip on
// PostgreSQL (a data-modifying WITH), two statements on SQLite (in process). Called once the head is
// locked (Repository::lock_head), in the same transaction.
void append(soci::session& sql, const Entry& entry, const Head& head);

}  // namespace trame::audit
