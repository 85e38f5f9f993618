// Renderer entry: mounts the React app into #root; runs in the browser (Electron or web mode).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import './styles/global.css'

const root = document.getElementById('root')
if (!root) throw new Error('Hubkeys: #root is missing from index.html')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
