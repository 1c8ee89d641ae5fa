package io.squall.launcher;

/** The smallest set of manifests that passes every {@link K8sChecks} check; tests break one thing at a time. */
final class K8sFixture {

  static final String VALID = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: app}
      data:
        app.yaml: |
          name: app
          shutdownTimeout: 20s
          verticles:
            - name: http
              class: io.squall.http.HttpVerticle
              config: {port: 8080, cookieSecretFile: /run/secrets/s/cookie}
            - name: bridge
              class: io.squall.bridge.BridgeVerticle
              config: {port: 8081}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            terminationGracePeriodSeconds: 40
            containers:
              - name: squall
                image: squall
                env:
                  - {name: SQUALL_DESCRIPTOR, value: /etc/squall/app.yaml}
                  - {name: SQUALL_CLUSTER, value: "true"}
                  - {name: SQUALL_CLUSTER_CONFIG, value: kubernetes}
                  - name: POD_IP
                    valueFrom: {fieldRef: {fieldPath: status.podIP}}
                  - name: NS
                    valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
                  - {name: SQUALL_K8S_SERVICE_DNS, value: "hz.$(NS).svc.cluster.local"}
                  - {name: SQUALL_CLUSTER_PORT, value: "15701"}
                ports:
                  - {name: http, containerPort: 8080}
                  - {name: bridge, containerPort: 8081}
                  - {name: management, containerPort: 9090}
                  - {name: hazelcast, containerPort: 5701}
                  - {name: eventbus, containerPort: 15701}
                readinessProbe: {httpGet: {path: /health/ready, port: management}}
                livenessProbe: {httpGet: {path: /health/live, port: 9090}}
                lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
                volumeMounts: [{name: d, mountPath: /etc/squall}]
            volumes: [{name: d, configMap: {name: app}}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: hz}
      spec:
        clusterIP: None
        selector: {app: web}
        ports: [{name: hazelcast, port: 5701, targetPort: hazelcast}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: bus}
      spec:
        selector: {app: web}
        ports: [{name: bridge, port: 8081, targetPort: bridge}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: bus
        annotations:
          nginx.ingress.kubernetes.io/affinity: cookie
      spec:
        rules:
          - host: x.example.com
            http:
              paths:
                - {path: /eventbus, pathType: Prefix, backend: {service: {name: bus, port: {name: bridge}}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: np}
      spec:
        podSelector: {matchLabels: {app: web}}
        ingress:
          - from: [{podSelector: {matchLabels: {app: web}}}]
            ports: [{port: 5701}, {port: 15701}]
          - ports: [{port: 8080}, {port: 8081}, {port: 9090}]
      """;

  private K8sFixture() {
  }
}
