#include "audit/service.hpp"

#include "web/crypto.hpp"

namespace trame::audit {

std::string Service::chain_hash(const Entry& e) {
  // Each field is prefixed with its length, so that text cannot move from one field to the next
  // without changing the hash.
  std::string material;
  for (const std::string& field : {e.prev_hash, std::to_string(e.at), std::to_string(e.actor_id), e.actor_label,
                                   e.action, e.subject, e.detail, e.ip})
    material += std::to_string(field.size()) + ":" + field + ";";
  return web::sha256_hex(material);
}

void Service::record(soci::session& sql, Entry entry) {
  if (entry.at == 0) entry.at = store::now_seconds();
  entry.prev_hash = repo_.lock_head(sql);
  entry.hash = chain_hash(entry);
  repo_.insert(sql, entry);
}

void Service::record(Entry entry) {
  db_.write([&](soci::session& sql) { record(sql, std::move(entry)); });
}

namespace {
Entry make_entry(const Actor& actor, const std::string& action, const std::string& subject, const std::string& detail) {
  Entry e;
  e.actor_id = actor.id;
  e.actor_label = actor.label;
  e.ip = actor.ip;
  e.action = action;
  e.subject = subject;
  e.detail = detail;
  return e;
}
}  // namespace

void Service::record(soci::session& sql, const Actor& actor, const std::string& action, const std::string& subject,
                     const std::string& detail) {
  record(sql, make_entry(actor, action, subject, detail));
}

void Service::record(const Actor& actor, const std::string& action, const std::string& subject,
                     const std::string& detail) {
  record(make_entry(actor, action, subject, detail));
}

VerifyResult Service::verify() {
  VerifyResult result;
  db_.read([&](soci::session& sql) {
    // Read before the entries: entries appended meanwhile only add to what is checked.
    const long long appended = repo_.appended(sql);
    std::string prev;
    long long last_id = 0;
    repo_.for_each(sql, [&](const Entry& e) {
      if (!result.ok) return;
      ++result.checked;
      if (e.prev_hash != prev) {
        result.ok = false;
        result.first_bad_id = e.id;
        result.problem = "le lien vers l'entrée précédente est rompu (entrée supprimée ou insérée)";
      } else if (chain_hash(e) != e.hash) {
        result.ok = false;
        result.first_bad_id = e.id;
        result.problem = "le contenu de l'entrée a été modifié";
      }
      prev = e.hash;
      last_id = e.id;
    });
    // The chain cannot show that its last entries were removed; the head's counter can.
    if (result.ok && result.checked < appended) {
      result.ok = false;
      result.first_bad_id = last_id + 1;
      result.problem = "des entrées ont été supprimées à la fin du journal (" + std::to_string(appended) +
                       " ajoutées, " + std::to_string(result.checked) + " présentes)";
    }
  });
  return result;
}

std::vector<Entry> Service::page(long long page, long long per_page, const std::string& action_prefix,
                                 long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql, action_prefix);
    return repo_.page(sql, (page - 1) * per_page, per_page, action_prefix);
  });
}

}  // namespace trame::audit
