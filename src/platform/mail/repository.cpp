#include "platform/mail/repository.hpp"

#include "platform/mail/outbox.hpp"
#include "platform/store/bytes.hpp"
#include "platform/store/database.hpp"
#include "platform/store/deferred.hpp"
#include "platform/store/prepared.hpp"

namespace trame::mail {

static std::string serialise_headers(const std::vector<Header>& headers) {
  std::string out;
  for (const auto& h : headers) out += h.name + ": " + h.value + "\n";
  return out;
}

static std::vector<Header> parse_headers(const std::string& text) {
  std::vector<Header> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    std::size_t colon = line.find(": ");
    if (colon != std::string::npos) out.push_back({line.substr(0, colon), line.substr(colon + 2)});
    pos = end + 1;
  }
  return out;
}

// Every column but the attachment's bytes, which only find() and attachment_data() read: a page of
// the mailbox or a batch of due messages does not hold every attached file in memory at once.
#define TRAME_MAIL_COLUMNS                                                                             \
  "id, recipient, subject, body, created_at, attempts, next_attempt_at, sent_at, status, last_error, " \
  "forget_when_sent, attachment_name, attachment_type, html_body, extra_headers"
#define TRAME_MAIL_INTO(m, forget, extra)                                                                             \
  soci::into((m).id), soci::into((m).recipient), soci::into((m).subject), soci::into((m).body),                       \
      soci::into((m).created_at), soci::into((m).attempts), soci::into((m).next_attempt_at), soci::into((m).sent_at), \
      soci::into((m).status), soci::into((m).last_error), soci::into(forget), soci::into((m).attachment.filename),    \
      soci::into((m).attachment.content_type), soci::into((m).html_body), soci::into(extra)

long long Repository::insert(soci::session& sql, const Message& m) {
  long long id = 0;
  const std::string extra = serialise_headers(m.headers);
  int forget = m.forget_when_sent ? 1 : 0;
  const std::string data = store::to_hex(m.attachment.data);
  store::prepared(sql,
                  "INSERT INTO mail_outbox (recipient, subject, body, created_at, attempts, next_attempt_at, "
                  "sent_at, status, last_error, forget_when_sent, attachment_name, attachment_type, attachment_data, "
                  "html_body, extra_headers) VALUES (:r, :s, :b, :c, 0, :n, 0, 'pending', '', :f, :an, :at, "
                  "decode(:ad, 'hex'), :h, :x) RETURNING id",
                  soci::use(m.recipient), soci::use(m.subject), soci::use(m.body), soci::use(m.created_at),
                  soci::use(m.created_at), soci::use(forget), soci::use(m.attachment.filename),
                  soci::use(m.attachment.content_type), soci::use(data), soci::use(m.html_body), soci::use(extra),
                  soci::into(id));
  return id;
}

void enqueue_deferred(soci::session& sql, const std::string& to, const std::string& subject, const std::string& body) {
  const long long now = store::now_seconds();
  store::defer(
      sql,
      "INSERT INTO mail_outbox (recipient, subject, body, created_at, attempts, next_attempt_at, sent_at, status, "
      "last_error, forget_when_sent, attachment_name, attachment_type, attachment_data, html_body, "
      "extra_headers) VALUES (:r, :s, :b, :c, 0, :n, 0, 'pending', '', 0, '', '', decode('', 'hex'), '', '')",
      to, subject, body, now, now);
}

std::vector<Message> Repository::due(soci::session& sql, long long now, int limit) {
  Message m;
  int forget = 0;
  std::string extra;
  soci::statement st = (sql.prepare << "SELECT " TRAME_MAIL_COLUMNS
                                       " FROM mail_outbox WHERE status = 'pending' "
                                       "AND next_attempt_at <= :now ORDER BY id LIMIT :l",
                        TRAME_MAIL_INTO(m, forget, extra), soci::use(now), soci::use(limit));
  st.execute();
  std::vector<Message> out;
  while (st.fetch()) {
    m.forget_when_sent = forget == 1;
    m.headers = parse_headers(extra);
    out.push_back(m);
  }
  return out;
}

bool Repository::claim(soci::session& sql, long long id, long long expected, long long lease_until) {
  soci::statement st = (sql.prepare << "UPDATE mail_outbox SET next_attempt_at = :l WHERE id = :id "
                                       "AND status = 'pending' AND next_attempt_at = :e",
                        soci::use(lease_until), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// A message to be forgotten loses its recipient, body and attachment in the same UPDATE that marks
// it sent or given up: no state in between keeps the address of a message that is no longer to be sent.
#define TRAME_MAIL_FORGET                                                                                     \
  "recipient = CASE WHEN forget_when_sent = 1 THEN :redacted ELSE recipient END, body = CASE "                \
  "WHEN forget_when_sent = 1 THEN '' ELSE body END, html_body = CASE WHEN forget_when_sent = 1 THEN '' ELSE " \
  "html_body END, attachment_name = CASE WHEN forget_when_sent = 1 THEN '' "                                  \
  "ELSE attachment_name END, attachment_type = CASE WHEN forget_when_sent = 1 THEN '' ELSE attachment_type "  \
  "END, attachment_data = CASE WHEN forget_when_sent = 1 THEN decode('', 'hex') ELSE attachment_data END"

void Repository::mark_sent(soci::session& sql, long long id, long long at) {
  const std::string redacted = kForgottenRecipient;
  sql << "UPDATE mail_outbox SET status = 'sent', sent_at = :at, attempts = attempts + 1, last_error = "
         "'', " TRAME_MAIL_FORGET " WHERE id = :id",
      soci::use(at), soci::use(redacted), soci::use(id);
}

void Repository::mark_retry(soci::session& sql, long long id, int attempts, long long next_at, const std::string& error,
                            bool give_up) {
  std::string status = give_up ? "failed" : "pending";
  sql << "UPDATE mail_outbox SET attempts = :a, next_attempt_at = :n, last_error = :e, status = :s WHERE id = :id",
      soci::use(attempts), soci::use(next_at), soci::use(error), soci::use(status), soci::use(id);
  if (give_up) {
    const std::string redacted = kForgottenRecipient;
    sql << "UPDATE mail_outbox SET " TRAME_MAIL_FORGET " WHERE id = :id", soci::use(redacted), soci::use(id);
  }
}

std::vector<Message> Repository::page(soci::session& sql, long long offset, long long limit) {
  Message m;
  int forget = 0;
  std::string extra;
  soci::statement st = (sql.prepare << "SELECT " TRAME_MAIL_COLUMNS
                                       " FROM mail_outbox ORDER BY id DESC "
                                       "LIMIT :l OFFSET :o",
                        TRAME_MAIL_INTO(m, forget, extra), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Message> out;
  while (st.fetch()) {
    m.forget_when_sent = forget == 1;
    m.headers = parse_headers(extra);
    out.push_back(m);
  }
  return out;
}

long long Repository::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM mail_outbox", soci::into(n);
  return n;
}

std::optional<Message> Repository::find(soci::session& sql, long long id) {
  Message m;
  int forget = 0;
  std::string extra;
  std::string data;
  sql << "SELECT " TRAME_MAIL_COLUMNS ", encode(attachment_data, 'hex') FROM mail_outbox WHERE id = :id",
      TRAME_MAIL_INTO(m, forget, extra), soci::into(data), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  m.forget_when_sent = forget == 1;
  m.headers = parse_headers(extra);
  m.attachment.data = store::from_hex(data);
  return m;
}

std::string Repository::attachment_data(soci::session& sql, long long id) {
  std::string data;
  sql << "SELECT encode(attachment_data, 'hex') FROM mail_outbox WHERE id = :id", soci::into(data), soci::use(id);
  return sql.got_data() ? store::from_hex(data) : std::string();
}

}  // namespace trame::mail
