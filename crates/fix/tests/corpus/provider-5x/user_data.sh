#!/bin/bash
# Reporting box: Streamlit dashboard + Redis cache, both in Docker.
set -euo pipefail

dnf install -y docker
systemctl enable --now docker
mkdir -p /usr/local/lib/docker/cli-plugins
curl -fsSL "https://github.com/docker/compose/releases/download/v2.29.7/docker-compose-linux-x86_64" \
  -o /usr/local/lib/docker/cli-plugins/docker-compose
chmod +x /usr/local/lib/docker/cli-plugins/docker-compose

mkdir -p /opt/reports
cat > /opt/reports/compose.yaml <<YAML
services:
  redis:
    image: redis:7-alpine
    restart: unless-stopped
    ports: ["6379:6379"]
  dashboard:
    image: ghcr.io/example/quarry-reports:latest
    restart: unless-stopped
    ports: ["8501:8501"]
    environment:
      DATABASE_URL: "postgresql://reports:${db_password}@${db_endpoint}/postgres"
      REDIS_URL: "redis://redis:6379/0"
      EXPORTS_BUCKET: "${exports_bucket}"
YAML

cd /opt/reports
docker compose up -d
