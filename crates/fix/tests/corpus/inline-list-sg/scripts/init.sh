#!/bin/bash
# CRM app server first boot (Amazon Linux 2023). Plain file(), no templating:
# the database URL goes into /etc/crm.env by hand after the first boot.
set -euo pipefail
exec > >(tee -a /var/log/init.log) 2>&1

dnf install -y nginx redis6 python3.11 python3.11-pip git
systemctl enable --now redis6

APP_DIR=/opt/crm
APP_USER=crm
useradd --system --home-dir "${APP_DIR}" "${APP_USER}" || true
git clone --depth 1 https://git.example.com/sales/crm.git "${APP_DIR}"
python3.11 -m venv "${APP_DIR}/venv"
"${APP_DIR}/venv/bin/pip" install -r "${APP_DIR}/requirements.txt"
chown -R "${APP_USER}:${APP_USER}" "${APP_DIR}"

cat > /etc/systemd/system/crm.service <<UNIT
[Unit]
Description=CRM (Flask)
After=network-online.target redis6.service

[Service]
User=${APP_USER}
WorkingDirectory=${APP_DIR}
Environment=REDIS_URL=redis://127.0.0.1:6379/0
EnvironmentFile=-/etc/crm.env
ExecStart=${APP_DIR}/venv/bin/flask --app crm run --host 0.0.0.0 --port 5000
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT

cat > /etc/nginx/conf.d/crm.conf <<'NGINX'
server {
    listen 80 default_server;
    location /status { return 200 "up\n"; }
    location / {
        proxy_pass http://127.0.0.1:5000;
        proxy_set_header Host $host;
    }
}
NGINX

systemctl daemon-reload
systemctl enable --now crm nginx
