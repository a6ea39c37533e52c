// A plain message queued inside a write whose id nobody reads: the outbox row is a deferred statement
// (platform/store/deferred.hpp), sent on PostgreSQL with the writer's RELEASE or its group's COMMIT. Same
// row as mail::Service::enqueue(sql, to, subject, body); the sender picks it up once committed.
#pragma once
#include <string>

#include <soci/soci.h>

namespace trame::mail {

void enqueue_deferred(soci::session& sql, const std::string& to, const std::string& subject, const std::string& body);

}  // namespace trame::mail
