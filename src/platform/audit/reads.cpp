#include "platform/audit/reads.hpp"

#include "platform/audit/reads_repository.hpp"

namespace trame::audit {

bool record_read(store::Database& db, Service& audit, const Actor& actor, const Read& read) {
  if (actor.id == 0 || read.kind.empty() || read.subject.empty()) return false;
  const std::string action = std::string(kReadPrefix) + read.kind;
  bool written = false;
  db.write([&](soci::session& sql) {
    const long long now = store::now_seconds();
    if (ReadsRepository{}.read_since(sql, actor.id, action, read.subject, read.detail, now - kReadWindow)) return;
    Entry e;
    e.at = now;
    e.actor_id = actor.id;
    e.actor_label = actor.label;
    e.ip = actor.ip;
    e.action = action;
    e.subject = read.subject;
    e.detail = read.detail;
    audit.record(sql, std::move(e));
    written = true;
  });
  return written;
}

}  // namespace trame::audit
