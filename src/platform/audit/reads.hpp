// Sensitive reads (issue 23): reading a beneficiary's history, an adaptation request, an application or
// a candidate's report appends an audit entry "privacy.read.<kind>" (who, what, when, from where), the
// same way in every module. The same person re-reading the same record within kReadWindow seconds
// writes no second entry (docs/decisions.md « Issue 23 — Sensitive reads »).
#pragma once
#include <string>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"

namespace trame::audit {

// The kinds of sensitive record; the action is "privacy.read." + kind.
inline constexpr const char* kReadBeneficiary = "beneficiary";
inline constexpr const char* kReadAdaptation = "adaptation";
inline constexpr const char* kReadApplication = "application";
inline constexpr const char* kReadReport = "report";
inline constexpr const char* kReadPrefix = "privacy.read.";
inline constexpr long long kReadWindow = 600;  // 10 minutes

struct Read {
  std::string kind;     // one of kRead*
  std::string subject;  // "beneficiary:12", "application:4", or a list view's "session:3"
  std::string detail;   // a list view: the records shown (" code code "), for the DPO's search
};

// Appends the read unless the same actor read the same subject (same kind) within kReadWindow. Returns
// true when an entry was written. An anonymous actor (id 0) is never recorded (no sensitive page is public).
bool record_read(store::Database& db, Service& audit, const Actor& actor, const Read& read);

}  // namespace trame::audit
