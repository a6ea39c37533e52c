// The HTTP transport: Boost.Beast with C++20 coroutines. The io threads only read,
// write and wait; every handler runs on a bounded worker pool, so blocking database or
// document work never stalls other clients. Two pools: GET/HEAD requests (pages, exports: CPU
// work, one thread per core is fastest) and the others (form submissions, which mostly wait for a
// commit: with more of them, SQLite commits more writers at once and pages do not wait behind them). Header and body
// reads have timeouts and size limits; SIGTERM/SIGINT stop accepting and let in-flight requests finish.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/http/message.hpp"

namespace trame::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 1;
  int workers = 8;              // pages: GET and HEAD (reads, mostly CPU)
  int write_workers = 8;        // forms: POST and the other methods (mostly waiting for the database's commit)
  std::size_t max_queue = 512;  // waiting requests beyond this get 503
  std::size_t form_body_limit = 1 << 20;     // 1 MiB
  std::size_t upload_body_limit = 21 << 20;  // multipart/form-data (web::Config::upload_limit_mb)
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{60};
  std::chrono::seconds keep_alive_timeout{30};
  std::chrono::seconds shutdown_grace{10};
  bool behind_https = false;
  // Reverse proxies (addresses or CIDR ranges) whose Forwarded / X-Forwarded-For headers name the client.
  std::vector<std::string> trusted_proxies;
};

using Handler = std::function<Response(Request&)>;
// Renders a transport-level error (400, 413, 503) in the user's language.
using ErrorRenderer = std::function<Response(const Request&, int status)>;

struct ServerStats {
  std::atomic<long long> in_flight{0};
  std::atomic<long long> queued{0};
  std::atomic<long long> busy_workers{0};
  int workers = 0;  // both pools
};

class Server {
 public:
  Server(ServerOptions options, Handler handler, ErrorRenderer errors);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port (useful with port 0).
  unsigned short listen();
  // Serves until SIGTERM/SIGINT or stop(); then drains in-flight requests.
  void run();
  void stop();
  const ServerStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trame::http
