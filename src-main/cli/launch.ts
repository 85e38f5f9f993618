// `npm start` launcher, run by plain Node (stub).
export {}
