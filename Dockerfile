# The Schoolmix server with the built SPA, as production runs it: compiled JavaScript under node.
# Used by docker-compose.yml. The Node.js version is the one in .nvmrc.
FROM node:24.21.0-bookworm-slim
RUN npm install -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
ENV NODE_ENV=production
EXPOSE 4000
CMD ["node", "server/dist/main.js"]
