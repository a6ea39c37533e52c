#include "platform/audit/service.hpp"

#include <unistd.h>

#include <cctype>
#include <fstream>

#include "platform/audit/chain_repository.hpp"
#include "platform/audit/redaction.hpp"
#include "platform/store/deferred.hpp"
#include "platform/web/crypto.hpp"

namespace trame::audit {

namespace {
// Each field is prefixed with its length, so that text cannot move from one field to the next
// without changing the hash.
std::string material(const Entry& e) {
  std::string out;
  for (const std::string& field : {e.prev_hash, std::to_string(e.at), std::to_string(e.actor_id), e.actor_label,
                                   e.action, e.subject, e.detail, e.ip})
    out += std::to_string(field.size()) + ":" + field + ";";
  return out;
}

std::string seal_detail(long long unkeyed) {
  return "unkeyed=" + std::to_string(unkeyed);
}
std::string rotation_detail(const std::string& from, const std::string& to) {
  return "old=" + from + " new=" + to;
}

// The chain's head inside a write transaction: "APPENDED HASH" (store/deferred.hpp's memo).
constexpr const char* kHeadMemo = "audit.head";

bool is_hex_hash(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) return false;
  return true;
}
}  // namespace

std::optional<Mark> Mark::parse(const std::string& text) {
  std::string t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(t.begin());
  auto colon = t.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 18) return std::nullopt;
  for (std::size_t i = 0; i < colon; ++i)
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  Mark m;
  m.count = std::stoll(t.substr(0, colon));
  m.hash = t.substr(colon + 1);
  if (m.count == 0 ? !m.hash.empty() : !is_hex_hash(m.hash)) return std::nullopt;
  return m;
}

std::string Service::unkeyed_hash(const Entry& e) {
  return web::sha256_hex(material(e));
}

std::string Service::keyed_hash(const web::DerivedKey& key, const Entry& e) {
  return web::hmac_sha256_hex(key.bytes, "entry;" + key.id + ";" + material(e));
}

std::string Service::head_mac(const web::DerivedKey& key, long long appended, const std::string& hash) {
  return web::hmac_sha256_hex(key.bytes, "head;" + key.id + ";" + std::to_string(appended) + ";" + hash);
}

void Service::record(soci::session& sql, Entry entry) {
  if (entry.at == 0) entry.at = store::now_seconds();
  long long appended = 0;
  // The head is locked by the first entry of the write transaction (a group of writers, store::Database::write,
  // which holds the turn of every write); the entries after it, this writer's or the next writers', take the
  // head from the transaction's memo, which a writer rolled back to its savepoint does not advance.
  if (auto head = store::memo(sql, kHeadMemo); head) {
    const auto space = head->find(' ');
    appended = std::stoll(head->substr(0, space)) + 1;
    entry.prev_hash = head->substr(space + 1);
  } else {
    entry.prev_hash = repo_.lock_head(sql, appended);
  }
  entry.key_id = key_.id;
  entry.hash = keyed_hash(key_, entry);
  append(sql, entry, {appended, entry.hash, key_.id, head_mac(key_, appended, entry.hash)});
  store::set_memo(sql, kHeadMemo, std::to_string(appended) + " " + entry.hash);
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

void Service::seal_unkeyed() {
  db_.write([&](soci::session& sql) {
    long long unkeyed = repo_.unkeyed(sql);
    if (unkeyed == 0 || unkeyed != repo_.count(sql, "")) return;
    record(sql, make_entry({0, "système", ""}, kSealAction, "audit_log", seal_detail(unkeyed)));
  });
}

std::string Service::record_rotation(const Actor& actor) {
  return db_.write([&](soci::session& sql) {
    // Run with the server stopped (docs/security-keys.md): the last entry stays the last.
    std::string previous = repo_.last_key_id(sql);
    if (previous.empty() || previous == key_.id) return std::string();
    record(sql, make_entry(actor, kRotationAction, "audit_log", rotation_detail(previous, key_.id)));
    return previous;
  });
}

std::string Service::adopt_current_key() {
  std::string last = db_.read([&](soci::session& sql) { return repo_.last_key_id(sql); });
  if (last.empty() || last == key_.id) return {};
  if (!keys_.find(web::kAuditContext, last))
    return "le journal d'audit est chaîné avec une clé (" + last +
           ") qui n'est ni la secret_key configurée ni l'une des previous_secret_keys : secret_key a changé sans "
           "que l'ancienne soit gardée, ou elle est mal recopiée (voir docs/security-keys.md)";
  record_rotation({0, "système", ""});
  return {};
}

VerifyResult Service::verify(const std::optional<Mark>& expected) {
  VerifyResult result;
  db_.read([&](soci::session& sql) {
    auto fail = [&](long long id, std::string problem) {
      result.ok = false;
      result.first_bad_id = id;
      result.problem = std::move(problem);
    };
    // Read before the entries: entries appended meanwhile only add to what is checked.
    const Head head = repo_.head(sql);
    std::string prev, at_head, at_expected;
    long long last_id = 0, expected_id = 0, unkeyed = 0;
    std::string segment_key;  // the key of the current segment ('' before the first keyed entry)
    repo_.for_each(sql, [&](const Entry& e) {
      if (!result.ok) return;
      ++result.checked;
      if (e.prev_hash != prev) {
        fail(e.id, "le lien vers l'entrée précédente est rompu (entrée supprimée ou insérée)");
      } else if (e.key_id.empty()) {
        if (!segment_key.empty())
          fail(e.id, "entrée sans clé après le passage au chaînage avec clé (entrée réécrite ou insérée)");
        else if (unkeyed_hash(e) != e.hash && !redaction_holds(keys_, e))
          fail(e.id, "le contenu de l'entrée a été modifié");
        else ++unkeyed;
      } else if (auto key = keys_.find(web::kAuditContext, e.key_id); !key) {
        fail(e.id, "l'entrée est chaînée avec une clé inconnue (" + e.key_id +
                       ") : indiquez l'ancienne secret_key dans previous_secret_keys ou avec --old-key-file");
      } else if (!web::constant_time_equal(keyed_hash(*key, e), e.hash) && !redaction_holds(keys_, e)) {
        // A redacted entry (platform/audit/redaction.hpp) no longer matches its hash: its seal vouches for it.
        fail(e.id, "le contenu de l'entrée a été modifié");
      } else if (segment_key.empty() && unkeyed > 0 && (e.action != kSealAction || e.detail != seal_detail(unkeyed))) {
        fail(e.id, unkeyed == 1
                       ? std::string("l'entrée sans clé qui précède n'est pas scellée")
                       : "les " + std::to_string(unkeyed) + " entrées sans clé qui précèdent ne sont pas scellées");
      } else if (!segment_key.empty() && e.key_id != segment_key &&
                 (e.action != kRotationAction || e.detail != rotation_detail(segment_key, e.key_id))) {
        fail(e.id, "l'entrée change de clé sans rotation enregistrée");
      } else {
        segment_key = e.key_id;
      }
      if (!result.ok) return;
      prev = e.hash;
      last_id = e.id;
      if (result.checked == head.appended) at_head = e.hash;
      if (expected && result.checked == expected->count) {
        at_expected = e.hash;
        expected_id = e.id;
      }
    });
    if (!result.ok) return;
    if (unkeyed > 0 && segment_key.empty())
      return fail(last_id, "aucune entrée n'est chaînée avec la clé : le journal a été réécrit sans clé");
    // The head's counter and last hash, under the key: SQL cannot lower the counter after cutting the tail.
    if (head.mac.empty()) {
      if (head.appended > 0 || result.checked > 0)
        return fail(last_id + 1, "la tête du journal (compteur d'entrées) n'est pas signée : elle a été modifiée");
    } else if (auto key = keys_.find(web::kAuditContext, head.key_id); !key) {
      return fail(last_id + 1, "la tête du journal est signée par une clé inconnue (" + head.key_id + ")");
    } else if (!web::constant_time_equal(head_mac(*key, head.appended, head.hash), head.mac)) {
      return fail(last_id + 1, "la tête du journal (compteur d'entrées) a été modifiée");
    }
    // The chain cannot show that its last entries were removed; the head can.
    if (result.checked < head.appended)
      return fail(last_id + 1, "des entrées ont été supprimées à la fin du journal (" + std::to_string(head.appended) +
                                   " ajoutées, " + std::to_string(result.checked) + " présentes)");
    if (at_head != head.hash)
      return fail(last_id, "la dernière entrée inscrite dans la tête du journal ne correspond plus");
    if (expected) {
      if (result.checked < expected->count)
        return fail(last_id + 1, "la tête exportée (" + expected->text() + ") n'est plus dans le journal : " +
                                     std::to_string(expected->count) + " entrées attendues, " +
                                     std::to_string(result.checked) + " présentes (fin du journal coupée)");
      if (at_expected != expected->hash)
        return fail(expected_id, "l'entrée n° " + std::to_string(expected->count) +
                                     " ne correspond plus à la tête exportée (" + expected->text() + ")");
    }
    result.head = {result.checked, prev};
  });
  return result;
}

std::optional<Mark> Service::read_mark(const std::filesystem::path& file, std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = "fichier de tête introuvable : " + file.string();
    return std::nullopt;
  }
  std::string line;
  std::getline(in, line);
  auto mark = Mark::parse(line);
  if (!mark) error = "le fichier de tête " + file.string() + " ne contient pas « NOMBRE:EMPREINTE »";
  return mark;
}

VerifyResult Service::export_head(const std::filesystem::path& file) {
  std::optional<Mark> previous;
  if (std::filesystem::exists(file)) {
    std::string error;
    previous = read_mark(file, error);
    if (!previous) {
      VerifyResult r;
      r.ok = false;
      r.problem = error;
      return r;
    }
  }
  auto result = verify(previous);
  if (!result.ok) return result;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  auto tmp = file;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << result.head.text() << "\n";
    out.flush();
    if (!out) throw std::runtime_error("écriture impossible : " + tmp.string());
  }
  std::filesystem::rename(tmp, file);
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
