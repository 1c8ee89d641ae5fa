package io.squall.launcher;

/** A compose file, its env file and haproxy config that pass every {@link ComposeChecks} check. */
final class ComposeFixture {

  static final String ENV = """
      SQUALL_CLUSTER=true
      SQUALL_CLUSTER_MEMBERS=edge:5701,back:5701
      SQUALL_HTTP_COOKIE_SECRET_FILE=/run/secrets/cookie
      """;

  static final String COMPOSE = """
      services:
        haproxy:
          image: haproxy:2.8
          volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
          ports: ["8080:8080", "8081:8081"]
        edge:
          build: {context: .., dockerfile: docker/Dockerfile}
          env_file: [squall.env]
          environment:
            SQUALL_ROLES: edge
            SQUALL_CLUSTER_HOST: edge
          expose: ["8080", "8081", "9090", "5701", "15701"]
          secrets: [cookie]
          healthcheck:
            test: ["CMD", "curl", "-fsS", "http://127.0.0.1:9090/health/ready"]
          stop_grace_period: 40s
        back:
          image: squall:local
          env_file: [squall.env]
          environment:
            SQUALL_ROLES: backend
            SQUALL_CLUSTER_HOST: back
            SQUALL_MANAGEMENT_PORT: "9191"
          expose: ["9191", "5701", "15701"]
          healthcheck:
            test: ["CMD-SHELL", "curl -fsS http://127.0.0.1:9191/health/live || exit 1"]
          stop_grace_period: 1m
      secrets:
        cookie:
          file: ./secrets/cookie
      """;

  static final String HAPROXY = """
      defaults
        mode http

      frontend http
        bind :8080
        default_backend http

      frontend bridge
        bind :8081
        default_backend bridge

      backend http
        option httpchk GET /health/ready
        default-server check port 9090 inter 2s
        server e1 edge:8080

      backend bridge
        balance roundrobin
        cookie SQUALL_EDGE insert indirect nocache
        option httpchk GET /health/ready
        server e1 edge:8081 cookie e1 check port 9090
      """;

  private ComposeFixture() {
  }
}
