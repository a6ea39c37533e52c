#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/mail/model.hpp"

namespace trame::mail {

class Repository {
 public:
  long long insert(soci::session& sql, const Message& m);
  // Due messages, without their attachment's bytes (attachment.data is empty, its filename and type
  // are read): the sender reads them with attachment_data() for the one message it sends.
  std::vector<Message> due(soci::session& sql, long long now, int limit);
  // Takes a due message for one sender: moves its next attempt to lease_until if it is still
  // pending and due at `expected`; false if another sender took it first.
  bool claim(soci::session& sql, long long id, long long expected, long long lease_until);
  void mark_sent(soci::session& sql, long long id, long long at);
  void mark_retry(soci::session& sql, long long id, int attempts, long long next_at, const std::string& error,
                  bool give_up);
  // Like due(), without the attachment's bytes.
  std::vector<Message> page(soci::session& sql, long long offset, long long limit);
  long long count(soci::session& sql);
  // The whole message, attachment's bytes included.
  std::optional<Message> find(soci::session& sql, long long id);
  // The bytes of a message's attachment ("" without one, or for an unknown id).
  std::string attachment_data(soci::session& sql, long long id);
};

}  // namespace trame::mail
